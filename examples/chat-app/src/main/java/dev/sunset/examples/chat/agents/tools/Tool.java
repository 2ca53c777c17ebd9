package dev.sunset.examples.chat.agents.tools;

import java.util.Map;

/** A tool an agent can call: takes named arguments and returns a JSON-friendly result. */
@FunctionalInterface
public interface Tool {

  /**
   * Runs the tool.
   *
   * @throws Exception if the tool cannot produce a result for these arguments
   */
  Object run(Map<String, Object> arguments) throws Exception;
}
