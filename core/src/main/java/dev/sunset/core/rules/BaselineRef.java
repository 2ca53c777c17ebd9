package dev.sunset.core.rules;

import java.nio.file.Path;

/**
 * A rule's baseline: a Sunset report or scan whose call sites are tolerated, matched on class, method and
 * line, or on class and method only when line shifts are tolerated.
 *
 * @param file the report or scan file
 * @param tolerateLineShifts whether a call site still matches after moving to another line of its method
 */
public record BaselineRef(Path file, boolean tolerateLineShifts) {}
