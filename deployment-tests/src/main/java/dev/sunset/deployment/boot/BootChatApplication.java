package dev.sunset.deployment.boot;

import com.example.ws.UnifiedWebSocketManager;
import dev.sunset.examples.chat.ChatServer;

/**
 * The main class of the chat app packaged as a Spring Boot executable jar: says which class loader Spring Boot's
 * launcher gave it and where that loader found the application and the shim, then runs {@link ChatServer}.
 *
 * <p>It prints {@code boot.loader=<name>|<class>|<identity hash>}, {@code boot.applicationCodeSource=<location>}
 * and {@code boot.shimCodeSource=<location>}, the locations exactly as the class loader reports them, so the
 * deployment tests compare the agent's report with what the JVM says rather than with a guessed URL form. It
 * names no legacy class: the shim's location is read off the unified manager, which the same jar holds.
 *
 * <p>With the system property {@code boot.shutdownCalls=N} it first starts a Spring Boot context whose bean
 * ({@link LegacyOnShutdown}) calls the legacy API N times when Spring Boot's shutdown hook closes it.
 */
public final class BootChatApplication {
  private BootChatApplication() {}

  /** Prints where the application and the shim come from, then starts the chat server with {@code args}. */
  public static void main(String[] args) throws Exception {
    ClassLoader loader = BootChatApplication.class.getClassLoader();
    System.out.println("boot.loader=" + loader.getName() + "|" + loader.getClass().getName() + "|"
        + Integer.toHexString(System.identityHashCode(loader)));
    System.out.println("boot.applicationCodeSource="
        + ChatServer.class.getProtectionDomain().getCodeSource().getLocation());
    System.out.println("boot.shimCodeSource="
        + UnifiedWebSocketManager.class.getProtectionDomain().getCodeSource().getLocation());
    if (System.getProperty(LegacyOnShutdown.CALLS) != null) {
      ShutdownContext.start(new String[0]);
    }
    ChatServer.main(args);
  }
}
