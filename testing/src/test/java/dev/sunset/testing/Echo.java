package dev.sunset.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** A forked JVM's main class for the tests: prints what it is given, then echoes standard input until it ends. */
public final class Echo {
  private Echo() {}

  public static void main(String[] args) throws IOException {
    System.out.println("property=" + System.getProperty("echo.property"));
    System.out.println("variable=" + System.getenv("ECHO_VARIABLE"));
    System.out.println("args=" + String.join(",", args));
    System.err.println("[sunset] WARN something the agent says");
    System.err.println("not the agent");
    System.out.print("no line end");
    System.out.println();
    System.out.print("ready=true\r\n");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null && !line.equals("stop"); line = in.readLine()) {
      System.out.println("echo=" + line);
    }
    System.out.print("last");
    System.exit(args.length > 0 ? Integer.parseInt(args[0]) : 0);
  }
}
