package dev.sunset.core.scan;

/**
 * How far a scan has got, handed to a {@link ArtifactScanner.Listener} each time one jar or class folder has
 * been read.
 *
 * @param archivesDone jars and class folders read so far
 * @param archivesTotal jars and class folders to read
 * @param classes class files read so far
 */
public record ScanProgress(int archivesDone, int archivesTotal, long classes) {}
