package dev.sunset.benchmarks.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Generates and compiles the start-up workload of {@code docs/benchmarks.md}: an application of many small
 * classes, one in {@code every} of which calls the legacy WebSocket factory, and a main class that loads and
 * runs them all. Timing it with and without the agent shows what rewriting costs at class-load time.
 *
 * <p>Usage: {@code StartupWorkload <output folder> <shim jar> [classes=20000] [every=100]}; the compiled
 * classes land in {@code <output folder>/classes}, the main class is {@code workload.Main}.
 */
public final class StartupWorkload {
  private static final int PER_LOADER_CLASS = 100;

  private StartupWorkload() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: StartupWorkload <output folder> <shim jar> [classes] [every]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    String shim = args[1];
    int classes = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    int every = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    Path src = out.resolve("src/workload");
    Files.createDirectories(src);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < classes; i++) {
      String body = i % every == 0
          ? "    return x + (WebSocketManagerFactory.createWebSocketManager(CTX) == null ? 0 : " + i + ");\n"
          : "    return x * 31 + " + i + ";\n";
      String imports = i % every == 0
          ? "import com.example.ws.UserExecutionContext;\nimport com.example.ws.WebSocketManagerFactory;\n\n"
              + "@SuppressWarnings(\"removal\")\n"
          : "";
      String field = i % every == 0
          ? "  private static final UserExecutionContext CTX = UserExecutionContext.of(\"u\", \"t\", \"r\", \"q\");\n\n"
          : "";
      files.add(write(src, "C" + i, "package workload;\n\n" + imports + "public final class C" + i + " {\n" + field
          + "  public static int run(int x) {\n" + body + "  }\n}\n"));
    }
    int loaders = (classes + PER_LOADER_CLASS - 1) / PER_LOADER_CLASS;
    for (int l = 0; l < loaders; l++) {
      StringBuilder sb = new StringBuilder("package workload;\n\nfinal class L" + l + " {\n  static int run(int x) {\n");
      for (int i = l * PER_LOADER_CLASS; i < Math.min(classes, (l + 1) * PER_LOADER_CLASS); i++) {
        sb.append("    x = C").append(i).append(".run(x);\n");
      }
      sb.append("    return x;\n  }\n}\n");
      files.add(write(src, "L" + l, sb.toString()));
    }
    StringBuilder main = new StringBuilder("package workload;\n\npublic final class Main {\n"
        + "  public static void main(String[] args) {\n    int x = 1;\n");
    for (int l = 0; l < loaders; l++) {
      main.append("    x = L").append(l).append(".run(x);\n");
    }
    main.append("    System.out.println(\"checksum=\" + x);\n  }\n}\n");
    files.add(write(src, "Main", main.toString()));

    Path classesDir = out.resolve("classes");
    Files.createDirectories(classesDir);
    Path argfile = out.resolve("sources.txt");
    List<String> lines = new ArrayList<>();
    for (Path f : files) {
      lines.add(f.toAbsolutePath().toString());
    }
    Files.write(argfile, lines, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-nowarn", "-proc:none", "-cp", shim, "-d", classesDir.toString(),
        "@" + argfile.toAbsolutePath());
    if (rc != 0) {
      throw new IllegalStateException("javac failed with " + rc);
    }
    System.out.println("wrote " + classes + " classes (" + (classes + every - 1) / every
        + " call the legacy factory) to " + classesDir);
  }

  private static Path write(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name + ".java");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}
