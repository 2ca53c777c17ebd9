package dev.sunset.core.rules;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * A rule's baseline: a Sunset report or scan whose call sites are tolerated, matched on class, method and
 * line, or on class and method only when line shifts are tolerated.
 *
 * @param file the report or scan file
 * @param tolerateLineShifts whether a call site still matches after moving to another line of its method
 */
@API(status = INTERNAL, since = "0.1.0")
public record BaselineRef(Path file, boolean tolerateLineShifts) {}
