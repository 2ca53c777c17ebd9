package dev.sunset.benchmarks.overhead;

import java.io.IOException;
import java.io.InputStream;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The yardstick of the {@code cli} overhead command: the least a scan for one legacy method can do in a JVM of its own.
 * It reads every class of the jars given, in one thread, with ASM (frames skipped, lines kept), and counts the invoke
 * instructions of that one method, each with its line; no rules file, no resolution, no filter before parsing, no
 * output beyond one line. {@code sunset scan} does all of those, so the ratio of the two is what Sunset's own work and
 * start-up cost over the bare job.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sunset.benchmarks.overhead.BareAsmScan OWNER NAME DESCRIPTOR JAR...
 * </pre>
 */
public final class BareAsmScan {
  private BareAsmScan() {}

  /** Scans the jars for calls of {@code OWNER.NAME DESCRIPTOR} (internal names) and prints how many it found. */
  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      System.err.println("usage: BareAsmScan OWNER NAME DESCRIPTOR JAR...");
      System.exit(2);
    }
    String owner = args[0];
    String name = args[1];
    String descriptor = args[2];
    long classes = 0;
    long[] sites = new long[1];
    long[] lineSum = new long[1];
    for (int i = 3; i < args.length; i++) {
      try (ZipFile zip = new ZipFile(args[i])) {
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
          ZipEntry entry = e.nextElement();
          if (!entry.getName().endsWith(".class") || entry.getName().endsWith("module-info.class")) {
            continue;
          }
          byte[] bytes;
          try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readAllBytes();
          }
          classes++;
          new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String method, String desc, String signature,
                String[] exceptions) {
              return new MethodVisitor(Opcodes.ASM9) {
                private int line;

                @Override
                public void visitLineNumber(int number, Label start) {
                  line = number;
                }

                @Override
                public void visitMethodInsn(int opcode, String o, String n, String d, boolean itf) {
                  if (o.equals(owner) && n.equals(name) && d.equals(descriptor)) {
                    sites[0]++;
                    lineSum[0] += line;
                  }
                }
              };
            }
          }, ClassReader.SKIP_FRAMES);
        }
      }
    }
    System.out.printf(Locale.ROOT, "%d classes, %d call sites (line sum %d)%n", classes, sites[0], lineSum[0]);
  }
}
