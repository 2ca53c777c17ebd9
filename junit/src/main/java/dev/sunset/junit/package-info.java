/**
 * Which JUnit 5 test reaches which legacy call site. {@link dev.sunset.junit.SunsetSessionListener}, found by the
 * JUnit Platform through {@code META-INF/services}, registers {@code TestAttribution} on the session's launcher when
 * the Sunset agent is attached: it reads the agent's per-site counts (the {@code dev.sunset:type=Rules} MXBean's
 * {@code CallCounts}, a read-only array by site id) as each test starts and finishes and gives the difference to the
 * test that ran alone, to "while several tests ran", or to "outside any test"; it writes {@code sunset-tests/1}.
 * Nothing is added to the agent's call path. {@link dev.sunset.junit.FailOnNewSites}, a Jupiter extension found by
 * extension auto-detection, fails a test that reached a call site its baseline does not list
 * ({@code sunset.junit.failOnNew=true}). See {@code docs/junit.md}.
 */
package dev.sunset.junit;
