/**
 * The agent's read model: every call site and guard by id, the stage each runs at, the sites rolled back, their exact
 * counts and where each count lies, and snapshots of all of it. The linkage, the guards and the rewriting write here;
 * reports, telemetry, JFR and JMX read snapshots from here and never ask the linker.
 */
package dev.sunset.agent.internal.registry;
