/**
 * Reports and scans as evidence and baselines: when two call sites are the same, a report or scan read as a
 * baseline, reports of many JVM runs merged exactly, code sources named as a scan names them.
 */
package dev.sunset.core.report;
