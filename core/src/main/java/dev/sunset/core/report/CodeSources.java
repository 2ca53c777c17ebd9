package dev.sunset.core.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Code sources as a scan names them. The agent names the jar or folder a class came from by its URL
 * ({@code file:/opt/app/app.jar}, {@code jar:nested:/opt/app/app.jar/!BOOT-INF/classes/!/}); a scan names it as the
 * artifact was given ({@code app.jar}, {@code app.jar!/BOOT-INF/classes}). Where both speak of the same sites (a
 * verdict, the HTML report), the agent's is shown as the scanned artifact it is: the one at the same path, or else
 * the only one with the same file name (the jar deployed on a server and the one built and scanned in CI). A URL that
 * names no scanned artifact is kept as it is.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class CodeSources {
  private final Map<String, String> byPath = new HashMap<>();
  private final Map<String, Set<String>> byName = new HashMap<>();

  private CodeSources() {}

  /**
   * The code sources of a scan, as it names them; relative ones are taken from {@code base} (the folder the scan ran
   * in, as far as is known).
   */
  public static CodeSources of(Collection<String> scanned, Path base) {
    CodeSources c = new CodeSources();
    for (String s : scanned) {
      if (s == null || s.isBlank()) {
        continue;
      }
      Location l = ofScan(s, base);
      if (l != null) {
        c.byPath.putIfAbsent(l.pathKey(), s);
        c.byName.computeIfAbsent(l.nameKey(), k -> new LinkedHashSet<>()).add(s);
      }
    }
    return c;
  }

  /** No scan: every code source is kept as it is. */
  public static CodeSources none() {
    return new CodeSources();
  }

  /** {@code codeSource} (an agent's URL, or already a scan's name) as the scan names it, or unchanged. */
  public String asScanned(String codeSource) {
    if (codeSource == null || byPath.isEmpty()) {
      return codeSource;
    }
    Location l = ofUrl(codeSource);
    if (l == null) {
      return codeSource;
    }
    String same = byPath.get(l.pathKey());
    if (same != null) {
      return same;
    }
    Set<String> named = byName.get(l.nameKey());
    return named != null && named.size() == 1 ? named.iterator().next() : codeSource;
  }

  /** A jar or folder, and the entry inside it ({@code BOOT-INF/classes}, {@code WEB-INF/lib/x.jar}) or "". */
  private record Location(Path outer, String nested) {
    String pathKey() {
      return outer + "!/" + nested;
    }

    String nameKey() {
      Path name = outer.getFileName();
      return (name == null ? "" : name.toString()) + "!/" + nested;
    }
  }

  private static Location ofScan(String s, Path base) {
    List<String> parts = split(s, "!/");
    try {
      Path outer = base.resolve(parts.get(0)).toAbsolutePath().normalize();
      return new Location(outer, nested(parts));
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /**
   * The location of an agent's code source: {@code file:} URLs, {@code jar:file:...!/entry!/} and Spring Boot's
   * {@code jar:nested:/path/app.jar/!entry!/}; null for anything else ({@code jrt:}, {@code unknown}).
   */
  private static Location ofUrl(String url) {
    String u = url;
    if (u.startsWith("jar:")) {
      u = u.substring("jar:".length());
    }
    List<String> parts;
    if (u.startsWith("nested:")) {
      // nested:/path/app.jar/!BOOT-INF/classes/!/ : the jar, then its entry after "/!"
      String rest = u.substring("nested:".length());
      int bang = rest.indexOf("/!");
      parts = new ArrayList<>();
      parts.add("file:" + (bang < 0 ? rest : rest.substring(0, bang)));
      if (bang >= 0) {
        parts.addAll(split(rest.substring(bang + 2), "!/"));
      }
    } else if (u.startsWith("file:")) {
      parts = split(u, "!/");
    } else {
      return null;
    }
    try {
      Path outer = Path.of(URI.create(encodeSpaces(parts.get(0)))).toAbsolutePath().normalize();
      return new Location(outer, nested(parts));
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) { // InvalidPathException too
      return null;
    }
  }

  private static String encodeSpaces(String uri) {
    return uri.replace(" ", "%20");
  }

  private static String nested(List<String> parts) {
    List<String> inner = new ArrayList<>();
    for (String p : parts.subList(1, parts.size())) {
      String t = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
      if (!t.isEmpty()) {
        inner.add(t);
      }
    }
    return String.join("!/", inner);
  }

  private static List<String> split(String s, String separator) {
    List<String> parts = new ArrayList<>();
    int from = 0;
    for (int at = s.indexOf(separator); at >= 0; at = s.indexOf(separator, from)) {
      parts.add(s.substring(from, at));
      from = at + separator.length();
    }
    parts.add(s.substring(from));
    return parts;
  }
}
