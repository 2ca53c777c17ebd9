package dev.sunset.examples.chat;

import dev.sunset.examples.chat.client.ChatClient;
import dev.sunset.examples.chat.client.ReceivedEvent;
import dev.sunset.examples.chat.client.RunCheck;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A demo of the chat backend: starts the server in-process, has a few users chat with it at once over real
 * WebSockets, and prints the agent events each user received, one line per user; then, under the Sunset agent,
 * where the agent's rules came from and what each user's legacy calls ran (the replacement or the legacy method),
 * as the agent's MBean counts them.
 *
 * <p>Exits with 0 when every user received exactly the five events of its own run, in order, and with 1
 * otherwise.
 */
@Command(
    name = "chat-demo",
    mixinStandardHelpOptions = true,
    description = "Runs simulated users against an in-process chat server and prints what each received.")
public final class DemoDriver implements Callable<Integer> {
  private static final List<String> NAMES =
      List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy");

  @Option(names = "--users", defaultValue = "5", description = "Simulated users (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--timeout-seconds", defaultValue = "30", description = "How long each step may take (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  private final PrintStream out;
  private final PrintStream err;

  DemoDriver(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the demo and exits with its result. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new DemoDriver(System.out, System.err)).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    String agent = agentJar();
    // the agent registers its MBean once JMX is in use: from here on, so it is there when the users are done
    MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    out.println(users + " simulated users chat at once with the chat server, in this JVM, "
        + (agent == null ? "without the Sunset agent" : "under the Sunset agent (" + agent + ")") + ":");
    int failed = 0;
    try (ChatServer server = ChatServer.start("127.0.0.1", 0, 4)) {
      HttpClient http = HttpClient.newHttpClient();
      List<CompletableFuture<ChatClient>> connecting = new ArrayList<>();
      for (int i = 0; i < users; i++) {
        connecting.add(ChatClient.connect(http, server.endpoint(), userName(i), timeout));
      }
      List<ChatClient> clients = connecting.stream().map(CompletableFuture::join).toList();
      for (int i = 0; i < clients.size(); i++) {
        clients.get(i).send(message(i), requestId(i));
      }
      for (ChatClient client : clients) {
        client.awaitEvents(RunCheck.EXPECTED_EVENTS.size(), timeout);
      }
      for (int i = 0; i < clients.size(); i++) {
        ChatClient client = clients.get(i);
        client.close(timeout); // the closing handshake: whatever the server sent is in received() now
        List<ReceivedEvent> received = client.received();
        out.println(client.userId() + ": "
            + received.stream().map(ReceivedEvent::event).collect(Collectors.joining(" > ")));
        List<String> problems = RunCheck.problems(client.userId(), requestId(i), received);
        if (!problems.isEmpty()) {
          failed++;
          err.println(client.userId() + ": " + String.join("; ", problems));
        }
      }
    }
    if (agent == null) {
      out.println("Every legacy call ran the legacy method: no agent rewrote it.");
    } else {
      whatRan(agentRules(mbeans, timeout)).forEach(out::println);
    }
    out.flush();
    return failed == 0 ? 0 : 1;
  }

  /** The {@code -javaagent:} jar of this JVM whose name says Sunset, or null. */
  private static String agentJar() {
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-javaagent:") && arg.contains("sunset")) {
        String jar = arg.substring("-javaagent:".length());
        int options = jar.indexOf('=');
        return java.nio.file.Path.of(options < 0 ? jar : jar.substring(0, options)).normalize().toString();
      }
    }
    return null;
  }

  /** One rule as the agent's MBean ({@code dev.sunset:type=Rules}) shows it. */
  record AgentRule(String id, String stage, long calls, String rulesFile) {}

  /** The agent's rules, from its MBean; empty when it did not appear within {@code timeout}. */
  private static List<AgentRule> agentRules(MBeanServer mbeans, Duration timeout) throws Exception {
    ObjectName name = new ObjectName("dev.sunset:type=Rules");
    long until = System.nanoTime() + timeout.toNanos();
    while (!mbeans.isRegistered(name) && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    if (!mbeans.isRegistered(name)) {
      return List.of();
    }
    List<AgentRule> rules = new ArrayList<>();
    for (CompositeData c : (CompositeData[]) mbeans.getAttribute(name, "Rules")) {
      rules.add(new AgentRule((String) c.get("id"), (String) c.get("stage"), (Long) c.get("calls"),
          c.containsKey("rulesFile") ? (String) c.get("rulesFile") : null));
    }
    return rules;
  }

  /**
   * Where the agent's rules came from, and what each user's legacy calls ran: the replacement (redirect, warn),
   * the legacy method (observe) or a denial (deny), as the agent counted them.
   */
  List<String> whatRan(List<AgentRule> rules) {
    List<String> lines = new ArrayList<>();
    if (rules.isEmpty()) {
      lines.add("The Sunset agent's MBean (dev.sunset:type=Rules) did not appear: what ran is in its table below.");
      return lines;
    }
    Map<String, Long> fromFile = rules.stream().collect(Collectors.groupingBy(
        r -> r.rulesFile() == null ? "(a rules file the agent does not name)" : r.rulesFile(), TreeMap::new,
        Collectors.counting()));
    fromFile.forEach((file, n) -> lines.add("The agent applied " + n + (n == 1 ? " rule" : " rules") + " from " + file
        + (file.contains("!/META-INF/sunset/rules.yaml") ? " (shipped in that jar: no rules file was given)" : "")
        + "."));
    long total = rules.stream().mapToLong(AgentRule::calls).sum();
    boolean perUser = users > 0 && rules.stream().allMatch(r -> r.calls() % users == 0);
    long divisor = perUser ? users : 1;
    lines.add((perUser ? "Each user's " + total / users : "The users' " + total) + " legacy calls ran, as the agent "
        + "counted them:");
    Map<String, List<AgentRule>> byOutcome = new LinkedHashMap<>();
    for (AgentRule r : rules) {
      if (r.calls() > 0) {
        byOutcome.computeIfAbsent(outcome(r.stage()), k -> new ArrayList<>()).add(r);
      }
    }
    for (Map.Entry<String, List<AgentRule>> e : byOutcome.entrySet()) {
      long n = e.getValue().stream().mapToLong(AgentRule::calls).sum() / divisor;
      lines.add(String.format(Locale.ROOT, "  %3d %s: %s", n, e.getKey(), e.getValue().stream()
          .map(r -> r.id() + " " + r.calls() / divisor + " (" + r.stage() + ")").collect(Collectors.joining(", "))));
    }
    if (byOutcome.containsKey(REPLACEMENT)) {
      lines.add("The redirected calls ran the replacement, and every user still got exactly its own five events.");
    }
    return lines;
  }

  private static final String REPLACEMENT = "ran the replacement";

  private static String outcome(String stage) {
    return switch (stage) {
      case "redirect", "warn" -> REPLACEMENT;
      case "deny" -> "were denied";
      default -> "ran the legacy method";
    };
  }

  private static String userName(int i) {
    return i < NAMES.size() ? NAMES.get(i) : "user-" + (i + 1);
  }

  private static String requestId(int i) {
    return "demo-request-" + (i + 1);
  }

  /** Every other user asks for arithmetic, so both tools run. */
  private static String message(int i) {
    return i % 2 == 0 ? (i + 6) + " * 7" : "please count the words in this sentence";
  }
}
