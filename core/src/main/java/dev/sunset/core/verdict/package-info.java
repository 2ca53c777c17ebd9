/**
 * Whether a legacy method can be deleted: the call sites in the artifacts ({@link dev.sunset.core.verdict.Inventory},
 * from scans) against the calls seen at run time (agent reports, merged, and Prometheus's
 * {@link dev.sunset.core.verdict.FleetEvidence}), judged per rule by {@link dev.sunset.core.verdict.VerdictJudge}
 * into a {@link dev.sunset.core.format.Verdict} that names the evidence each answer rests on and, when the evidence
 * cannot support {@code migrated} or {@code dead}, says {@code unknown} and why.
 */
package dev.sunset.core.verdict;
