package dev.sunset.core.scan;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * How far a scan has got, handed to a {@link ArtifactScanner.Listener} each time one jar or class folder has
 * been read.
 *
 * @param archivesDone jars and class folders read so far
 * @param archivesTotal jars and class folders to read
 * @param classes class files read so far
 */
@API(status = INTERNAL, since = "0.1.0")
public record ScanProgress(int archivesDone, int archivesTotal, long classes) {}
