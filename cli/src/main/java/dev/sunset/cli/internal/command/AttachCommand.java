package dev.sunset.cli.internal.command;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.sunset.cli.internal.BadInput;
import dev.sunset.cli.internal.ExitCode;
import dev.sunset.cli.internal.Version;
import dev.sunset.cli.internal.io.PrivateFolder;
import dev.sunset.cli.internal.io.Rules;
import dev.sunset.core.io.FileKind;
import dev.sunset.core.io.InputFile;
import dev.sunset.core.text.Printable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import net.bytebuddy.agent.ByteBuddyAgent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sunset attach}: the agent loaded into a running JVM. */
@Command(name = "attach", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Loads the Sunset agent (carried in this jar) into a running JVM, which rewrites the classes it has "
        + "already loaded and every class it loads from then on, counts their calls and writes its report, as with "
        + "-javaagent. The JVM must run as the same user; JDK 21 and later print a warning unless started with "
        + "-XX:+EnableDynamicAgentLoading.",
        "attach --list shows the local JVMs."},
    footerHeading = "%n",
    footer = {"To a JVM where the agent runs already, attach switches the agent to the --rules file given (as an edit of "
        + "the rules file does) and says so; any other option that differs from the running agent's is refused.",
        "",
        "Exit codes: 0 attached, or the running agent took the rules (or listed), 2 bad input: no such process, one "
        + "that cannot be attached to, a missing rules file, a malformed option, or a running agent that refused "
        + "what was asked (one line on standard error saying why), 3 Sunset failed (the agent could not start)."})
public final class AttachCommand implements Callable<Integer> {
  private static final String EMBEDDED_AGENT = "/dev/sunset/cli/agent/sunset-javaagent.jar";
  private static final Pattern OPTION = Pattern.compile("[A-Za-z][A-Za-z0-9]*=[^,]*");

  @Spec
  CommandSpec spec;

  @Option(names = "--list", description = "List the local JVMs (process id and main class or jar) and exit.")
  boolean list;

  @Parameters(paramLabel = "PID", arity = "0..1", description = "The process id of the JVM to attach to.")
  String pid;

  @Option(names = "--rules", paramLabel = "FILE",
      description = "Rules file, in addition to the rules its jars ship (the agent's rules=).")
  Path rules;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Where the agent writes its report (the agent's report=; default: sunset-report.json in the "
          + "JVM's working folder).")
  Path report;

  @Option(names = {"-O", "--agent-option"}, paramLabel = "KEY=VALUE",
      description = "Any other agent option, such as reportInterval=1s, summary=false or maxCallSiteSeries=500 "
          + "(see the README).")
  List<String> options = new ArrayList<>();

  @Option(names = "--agent-jar", paramLabel = "FILE",
      description = "Attach this sunset-agent.jar rather than the one carried in this jar.")
  Path agentJar;

  @Override
  public Integer call() throws BadInput {
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      for (String line : jvms()) {
        out.println(Printable.line(line));
      }
      out.flush();
      return ExitCode.OK.code();
    }
    if (pid == null) {
      throw new BadInput("PID: give the process id of a JVM (attach --list shows them)");
    }
    if (!pid.matches("[0-9]+")) {
      throw new BadInput("PID " + pid + ": is not a process id (attach --list shows them)");
    }
    if (ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
      throw new BadInput("PID " + pid + ": no such process");
    }
    String arguments = agentArguments();
    Path jar = agentJar != null ? checkedAgentJar(agentJar) : embeddedAgent(spec.commandLine().getErr());
    Path replyFile = replyFile(PrivateFolder.forThisUser(spec.commandLine().getErr()));
    try {
      try {
        ByteBuddyAgent.attach(jar.toFile(), pid, (arguments.isEmpty() ? "" : arguments + ",") + "reply=" + replyFile);
      } catch (RuntimeException e) {
        throw new BadInput("PID " + pid + ": cannot attach (" + rootMessage(e) + ")");
      }
      Optional<Reply> reply = Reply.read(replyFile);
      if (reply.isEmpty()) {
        // an agent older than this command (--agent-jar) says nothing back
        out.println(Printable.line("attached Sunset to " + pid + (arguments.isEmpty() ? "" : " with " + arguments)));
        out.flush();
        return ExitCode.OK.code();
      }
      return report(reply.get(), arguments, out);
    } finally {
      try {
        Files.deleteIfExists(replyFile);
      } catch (IOException e) {
        // a file in the temporary folder; nothing depends on it any more
      }
    }
  }

  /** Says what the agent did, and what that makes of this command's exit. */
  private int report(Reply reply, String arguments, PrintWriter out) throws BadInput {
    switch (reply.outcome()) {
      case STARTED -> {
        out.println(Printable.line("attached Sunset to " + pid + (arguments.isEmpty() ? "" : " with " + arguments)));
        out.println(Printable.line("the agent " + reply.message()));
      }
      case APPLIED, UNCHANGED -> out.println(Printable.line("Sunset runs in " + pid + " already; "
          + reply.message()));
      case REFUSED -> throw new BadInput("PID " + pid + ": Sunset runs there already and refused: " + reply.message());
      case FAILED -> {
        PrintWriter err = spec.commandLine().getErr();
        err.println(Printable.line(spec.qualifiedName() + ": PID " + pid + ": the agent " + reply.message()));
        err.flush();
        return ExitCode.FAILURE.code();
      }
    }
    out.flush();
    return ExitCode.OK.code();
  }

  /**
   * A path in this user's private folder, which does not exist yet, for the agent's answer: the JDK's attach carries
   * none back. The target runs as the same user, so it may write there; nobody else may plant a link or an answer.
   */
  private static Path replyFile(Path dir) throws BadInput {
    try {
      Path file = Files.createTempFile(dir, "sunset-attach-", ".reply").toAbsolutePath();
      Files.delete(file);
      if (file.toString().contains(",")) {
        throw new BadInput(file + ": the temporary folder's path has a comma, which the agent cannot take");
      }
      return file;
    } catch (IOException e) {
      throw new BadInput(dir + ": cannot hold the agent's answer (" + e.getMessage() + ")");
    }
  }

  /** What the agent says it did: its reply file's first line (the outcome) and second (for people). */
  private record Reply(Outcome outcome, String message) {
    /** The outcomes an agent tells. */
    enum Outcome {
      STARTED, APPLIED, UNCHANGED, REFUSED, FAILED
    }

    static Optional<Reply> read(Path file) {
      List<String> lines;
      try {
        lines = InputFile.readText(file, 64 * 1024, "an attach reply").lines().toList();
      } catch (IOException e) {
        return Optional.empty();
      }
      if (lines.size() < 2) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Reply(Outcome.valueOf(lines.get(0).trim().toUpperCase(Locale.ROOT)), lines.get(1)));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
  }

  private String agentArguments() throws BadInput {
    List<String> parts = new ArrayList<>();
    if (rules != null) {
      if (!Files.isRegularFile(rules)) {
        throw new BadInput(rules + ": " + (Files.exists(rules) ? "is not a file" : "does not exist"));
      }
      Rules.read(rules); // refuse a rules file the agent would refuse, here, with the same lines
      parts.add("rules=" + absolute(rules, "--rules"));
    }
    if (report != null) {
      parts.add("report=" + absolute(report, "--report"));
    }
    for (String option : options) {
      if (!OPTION.matcher(option).matches()) {
        throw new BadInput("--agent-option " + option + ": is not KEY=VALUE (without a comma)");
      }
      parts.add(option);
    }
    return String.join(",", parts);
  }

  private static String absolute(Path path, String option) throws BadInput {
    String a = path.toAbsolutePath().normalize().toString();
    if (a.contains(",")) {
      throw new BadInput(option + " " + path + ": the agent cannot take a path with a comma");
    }
    return a;
  }

  private static Path checkedAgentJar(Path jar) throws BadInput {
    if (!Files.isRegularFile(jar)) {
      throw new BadInput(jar + ": " + (Files.exists(jar) ? "is not a file" : "does not exist"));
    }
    return jar.toAbsolutePath();
  }

  /**
   * The agent jar carried in this jar, copied to this user's private folder ({@link PrivateFolder}) under a name that
   * holds its digest, and used only once its whole content has the carried jar's SHA-256 digest: a file planted
   * there, or left by another version, is written anew, never loaded into the target (the attached JVM keeps
   * reading the jar, so it is never deleted).
   */
  static Path embeddedAgent(PrintWriter err) throws BadInput {
    byte[] bytes;
    try (InputStream in = AttachCommand.class.getResourceAsStream(EMBEDDED_AGENT)) {
      if (in == null) {
        throw new BadInput("this sunset-cli.jar carries no agent; give --agent-jar sunset-agent.jar");
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new BadInput("the agent carried in this jar cannot be read (" + e.getMessage() + ")");
    }
    byte[] digest = sha256(bytes);
    Path dir = PrivateFolder.forThisUser(err);
    Path target = dir.resolve("sunset-agent-" + Version.current() + "-"
        + HexFormat.of().formatHex(digest).substring(0, 16) + ".jar");
    try {
      if (!holds(target, digest)) {
        Path temp = Files.createTempFile(dir, "sunset-agent-", ".tmp");
        try {
          Files.write(temp, bytes);
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(temp);
        }
        if (!holds(target, digest)) {
          throw new BadInput(target + ": the agent written there does not read back as written; nothing attached");
        }
      }
    } catch (IOException e) {
      throw new BadInput(target + ": the agent cannot be written there (" + e.getMessage() + ")");
    }
    return target;
  }

  /** Whether {@code file} is a regular file (not a link) whose whole content has this SHA-256 digest. */
  private static boolean holds(Path file, byte[] digest) throws IOException {
    if (FileKind.ofNoFollow(file) != FileKind.REGULAR) {
      if (FileKind.ofNoFollow(file) != FileKind.MISSING) {
        Files.delete(file); // a link, a folder or a FIFO planted under the name: in a private folder, ours to remove
      }
      return false;
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        sha.update(buffer, 0, n);
      }
      return MessageDigest.isEqual(sha.digest(), digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every Java has SHA-256
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every Java has SHA-256
    }
  }

  private static List<String> jvms() throws BadInput {
    List<VirtualMachineDescriptor> found;
    try {
      found = VirtualMachine.list();
    } catch (LinkageError e) {
      throw new BadInput("attach --list needs a JDK (its jdk.attach module); this Java has none");
    }
    long self = ProcessHandle.current().pid();
    List<String> lines = new ArrayList<>();
    for (VirtualMachineDescriptor vm : found) {
      if (!vm.id().equals(String.valueOf(self))) {
        String name = vm.displayName() == null || vm.displayName().isBlank() ? "(no main class)" : vm.displayName();
        lines.add(vm.id() + " " + name);
      }
    }
    return lines;
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return Optional.ofNullable(c.getMessage()).orElse(c.getClass().getSimpleName()).lines().findFirst().orElse("");
  }
}
