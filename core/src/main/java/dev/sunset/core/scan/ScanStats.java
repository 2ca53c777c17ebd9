package dev.sunset.core.scan;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Duration;
import org.apiguardian.api.API;

/**
 * What a scan read and how long it took: how many class files it read, and how few of them it had to parse
 * because their constant pool names a legacy class or method.
 *
 * @param archives jars and class folders read (nested jars included)
 * @param scopes resolution scopes: one per application archive (WAR, Spring Boot jar), plus one for the plain
 *     jars and class folders given together
 * @param classes class files in the scanned jars and folders (in a scope where no rule resolved they are counted
 *     but not read: there is nothing to look for)
 * @param classesNamingLegacy class files whose constant pool names a legacy class or method name
 * @param classesParsed class files parsed with ASM to find their call sites
 * @param bytes uncompressed bytes of the class files read
 * @param elapsed wall-clock time of the whole scan
 */
@API(status = INTERNAL, since = "0.1.0")
public record ScanStats(int archives, int scopes, long classes, long classesNamingLegacy, long classesParsed,
    long bytes, Duration elapsed) {}
