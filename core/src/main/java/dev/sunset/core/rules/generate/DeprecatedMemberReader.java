package dev.sunset.core.rules.generate;

import dev.sunset.core.classfile.ConstantPoolScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The deprecated class, methods, constructors and fields of one class file, read with ASM. Synthetic and bridge
 * methods are left out (javac copies a method's annotations onto its bridges, which no source calls), and so are
 * private members and static initialisers, which no other class can call.
 */
final class DeprecatedMemberReader {
  static final String DEPRECATED = "Ljava/lang/Deprecated;";
  /** A class file naming neither the annotation nor the attribute has nothing deprecated: it is not parsed. */
  private static final ConstantPoolScan NAMES = new ConstantPoolScan(List.of(DEPRECATED, "Deprecated"));

  private DeprecatedMemberReader() {}

  /** Whether the class file may hold anything deprecated (a walk of its constant pool). */
  static boolean mayHoldDeprecated(byte[] classFile) {
    return NAMES.mentionsAny(classFile);
  }

  /** The deprecated things of a class file; throws on a malformed one. */
  static List<DeprecatedMember> read(byte[] classFile, String codeSource) {
    List<DeprecatedMember> found = new ArrayList<>();
    new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
      private String owner;
      private int classAccess;
      private final Marks classMarks = new Marks();

      @Override
      public void visit(int version, int access, String name, String signature, String superName,
          String[] interfaces) {
        owner = name;
        classAccess = access;
      }

      @Override
      public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
        return classMarks.annotation(descriptor);
      }

      @Override
      public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        if ((access & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_PRIVATE)) != 0) {
          return null;
        }
        Marks marks = new Marks();
        return new FieldVisitor(Opcodes.ASM9) {
          @Override
          public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
            return marks.annotation(annotation);
          }

          @Override
          public void visitEnd() {
            if (marks.deprecated(access)) {
              found.add(marks.member(DeprecatedMember.Kind.FIELD, owner, name, descriptor, access, null, codeSource));
            }
          }
        };
      }

      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
          String[] exceptions) {
        if ((access & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE | Opcodes.ACC_PRIVATE)) != 0
            || name.equals("<clinit>")) {
          return null;
        }
        Marks marks = new Marks();
        boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
        Type[] params = Type.getArgumentTypes(descriptor);
        List<String> fromParameters = new ArrayList<>();
        Map<Integer, String> bySlot = new TreeMap<>();
        return new MethodVisitor(Opcodes.ASM9) {
          @Override
          public void visitParameter(String parameter, int parameterAccess) {
            fromParameters.add(parameter);
          }

          @Override
          public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
            return marks.annotation(annotation);
          }

          @Override
          public void visitLocalVariable(String local, String localDescriptor, String localSignature, Label start,
              Label end, int index) {
            bySlot.putIfAbsent(index, local);
          }

          @Override
          public void visitEnd() {
            if (!marks.deprecated(access)) {
              return;
            }
            DeprecatedMember.Kind kind = name.equals("<init>") ? DeprecatedMember.Kind.CONSTRUCTOR
                : DeprecatedMember.Kind.METHOD;
            found.add(marks.member(kind, owner, name, descriptor, access, names(), codeSource));
          }

          /** The parameters' names: from MethodParameters when it names them all, else from the local variables. */
          private List<String> names() {
            if (fromParameters.size() == params.length && !fromParameters.contains(null)) {
              return fromParameters;
            }
            List<String> names = new ArrayList<>();
            int slot = isStatic ? 0 : 1;
            for (Type p : params) {
              String n = bySlot.get(slot);
              if (n == null) {
                return null;
              }
              names.add(n);
              slot += p.getSize();
            }
            return names;
          }
        };
      }

      @Override
      public void visitEnd() {
        if (classMarks.deprecated(classAccess) && !owner.endsWith("package-info") && !owner.equals("module-info")) {
          found.add(classMarks.member(DeprecatedMember.Kind.CLASS, owner, owner, "", classAccess, null, codeSource));
        }
      }
    }, ClassReader.SKIP_FRAMES);
    return found;
  }

  /** What a declaration's annotations say: {@code @Deprecated} and its values, {@code @InlineMe}. */
  private static final class Marks {
    boolean annotated;
    boolean forRemoval;
    String since;
    String replacement;
    final List<String> imports = new ArrayList<>();
    final List<String> staticImports = new ArrayList<>();
    boolean inlineMe;

    AnnotationVisitor annotation(String descriptor) {
      if (descriptor.equals(DEPRECATED)) {
        annotated = true;
        return new AnnotationVisitor(Opcodes.ASM9) {
          @Override
          public void visit(String name, Object value) {
            if ("forRemoval".equals(name) && value instanceof Boolean b) {
              forRemoval = b;
            } else if ("since".equals(name) && value instanceof String s) {
              since = s;
            }
          }
        };
      }
      if (descriptor.equals(InlineMe.DESCRIPTOR)) {
        inlineMe = true;
        return new AnnotationVisitor(Opcodes.ASM9) {
          @Override
          public void visit(String name, Object value) {
            if ("replacement".equals(name) && value instanceof String s) {
              replacement = s;
            }
          }

          @Override
          public AnnotationVisitor visitArray(String name) {
            List<String> into = "imports".equals(name) ? imports : "staticImports".equals(name) ? staticImports : null;
            if (into == null) {
              return null;
            }
            return new AnnotationVisitor(Opcodes.ASM9) {
              @Override
              public void visit(String ignored, Object value) {
                if (value instanceof String s) {
                  into.add(s);
                }
              }
            };
          }
        };
      }
      return null;
    }

    /** Deprecated by the annotation, or by the class file's attribute alone (the javadoc tag). */
    boolean deprecated(int access) {
      return annotated || (access & Opcodes.ACC_DEPRECATED) != 0;
    }

    DeprecatedMember member(DeprecatedMember.Kind kind, String owner, String name, String descriptor, int access,
        List<String> parameterNames, String codeSource) {
      InlineMe inline = inlineMe && replacement != null ? new InlineMe(replacement, imports, staticImports) : null;
      return new DeprecatedMember(kind, owner, name, descriptor, access & ~Opcodes.ACC_DEPRECATED, annotated,
          forRemoval, since, inline, parameterNames, codeSource);
    }
  }
}
