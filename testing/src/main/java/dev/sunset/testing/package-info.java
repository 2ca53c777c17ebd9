/**
 * What every module's tests share to run the real agent, used with test scope only: {@link
 * dev.sunset.testing.TestJvm} (one launcher of test JVMs, the agent attached, the environment scrubbed, the output
 * captured line by line), {@link dev.sunset.testing.BuiltJars} (where the build put the agent jar and the jars the
 * tests run next to it), {@link dev.sunset.testing.AgentLine} (the agent's {@code [sunset] } lines), {@link
 * dev.sunset.testing.FixtureJars} (fixture sources compiled and packaged) and {@link
 * dev.sunset.testing.LocalPrometheus} (a real Prometheus on the loopback address).
 */
package dev.sunset.testing;
