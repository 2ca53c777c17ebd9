package dev.sunset.cli.internal.sarif;

import dev.sunset.cli.internal.sarif.Sarif.ArtifactLocation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a call site's source file is, as a SARIF {@code artifactLocation}. A class file names only its source file
 * ({@code Main.java}); with its package that is the path under a source root ({@code com/acme/app/Main.java}), as
 * javac and every build tool lay sources out. Given source roots ({@code --source-root src/main/java}), the first
 * root holding that file places it: under the working folder (the repository, in CI) as a path relative to it with
 * the base {@code %SRCROOT%}, the path code scanning resolves against the repository; elsewhere relative to a base of
 * that root's own ({@code SOURCE_ROOT_2}). A file found under no root, or with no roots given, is the package path
 * alone, with no base.
 *
 * <p>Names come from class files, so from anyone: each path segment is percent-encoded (a {@code /} or {@code ..}
 * in a name stays inside its segment), and a name that is not a plain file name is never looked up on disk. Each
 * file is looked up once per root.
 */
public final class SourceRoots {
  /** The base id of the working folder, as code scanning and other SARIF producers name the source root. */
  public static final String SRCROOT = "%SRCROOT%";

  private final List<Path> roots;
  private final Path workingFolder;
  private final Map<String, ArtifactLocation> found = new HashMap<>();
  private final Map<String, ArtifactLocation> baseIds = new LinkedHashMap<>();

  private SourceRoots(List<Path> roots, Path workingFolder) {
    this.roots = List.copyOf(roots);
    this.workingFolder = workingFolder;
  }

  /** No source roots: every file is its package path. */
  public static SourceRoots none() {
    return new SourceRoots(List.of(), null);
  }

  /**
   * The given roots, looked through in order, and the working folder that {@code %SRCROOT%} names.
   *
   * @param roots existing folders
   */
  public static SourceRoots of(List<Path> roots, Path workingFolder) {
    List<Path> absolute = new ArrayList<>();
    for (Path r : roots) {
      absolute.add(r.toAbsolutePath().normalize());
    }
    return new SourceRoots(absolute, workingFolder.toAbsolutePath().normalize());
  }

  /**
   * The source file of a call in class {@code className} (binary name), which names {@code sourceFile} (null when it
   * names none: then the outermost class's name with {@code .java}, javac's rule for a public class).
   */
  public ArtifactLocation locate(String className, String sourceFile) {
    List<String> segments = new ArrayList<>();
    int dot = className.lastIndexOf('.');
    if (dot > 0) {
      for (String s : className.substring(0, dot).split("\\.", -1)) {
        segments.add(s);
      }
    }
    segments.add(sourceFile != null ? sourceFile : outermost(className.substring(dot + 1)) + ".java");
    String relative = encode(segments);
    return found.computeIfAbsent(relative, r -> lookUp(segments, r));
  }

  /** The bases the locations given so far use, for the run's {@code originalUriBaseIds}. */
  public Map<String, ArtifactLocation> baseIds() {
    return baseIds;
  }

  private ArtifactLocation lookUp(List<String> segments, String relative) {
    if (!segments.stream().allMatch(SourceRoots::isPlainName)) {
      return new ArtifactLocation(relative, null);
    }
    for (int i = 0; i < roots.size(); i++) {
      Path file = roots.get(i);
      for (String s : segments) {
        file = file.resolve(s);
      }
      if (!Files.isRegularFile(file)) {
        continue;
      }
      if (file.startsWith(workingFolder)) {
        baseIds.put(SRCROOT, new ArtifactLocation(folderUri(workingFolder), null));
        List<String> fromWorkingFolder = new ArrayList<>();
        for (Path p : workingFolder.relativize(file)) {
          fromWorkingFolder.add(p.toString());
        }
        return new ArtifactLocation(encode(fromWorkingFolder), SRCROOT);
      }
      String base = "SOURCE_ROOT_" + (i + 1);
      baseIds.put(base, new ArtifactLocation(folderUri(roots.get(i)), null));
      return new ArtifactLocation(relative, base);
    }
    return new ArtifactLocation(relative, null);
  }

  private static String folderUri(Path folder) {
    String uri = folder.toUri().toString();
    return uri.endsWith("/") ? uri : uri + "/"; // a base URI ends with a slash (SARIF 3.14.14)
  }

  private static String outermost(String simpleName) {
    int dollar = simpleName.indexOf('$');
    return dollar > 0 ? simpleName.substring(0, dollar) : simpleName;
  }

  /** Whether {@code name} can only be one file name in a folder: no separator, no parent, no drive, no NUL. */
  private static boolean isPlainName(String name) {
    return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
        && name.indexOf('\\') < 0 && name.indexOf(':') < 0 && name.indexOf('\0') < 0;
  }

  /**
   * The segments as a relative URI reference: every byte of their UTF-8 form but the unreserved characters
   * percent-encoded (RFC 3986), {@code .} and {@code ..} too, so no segment can leave its place.
   */
  static String encode(List<String> segments) {
    StringBuilder sb = new StringBuilder();
    boolean first = true;
    for (String segment : segments) {
      if (first && segment.isEmpty()) {
        sb.append('.'); // a reference starting with '/' would be absolute, with '//' a host
      }
      if (!first) {
        sb.append('/');
      }
      first = false;
      if (segment.equals(".") || segment.equals("..")) {
        sb.append(segment.replace(".", "%2E"));
        continue;
      }
      for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
        int c = b & 0xFF;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
            || c == '_' || c == '~') {
          sb.append((char) c);
        } else {
          sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
              .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
        }
      }
    }
    return sb.toString();
  }
}
