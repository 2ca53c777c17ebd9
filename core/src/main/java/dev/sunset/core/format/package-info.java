/**
 * The files Sunset writes and other tools read, as typed records with one reader and one writer each: the
 * agent's report ({@value dev.sunset.core.format.Formats#REPORT}, {@link dev.sunset.core.format.Report}), the
 * static inventory of call sites ({@value dev.sunset.core.format.Formats#SCAN},
 * {@link dev.sunset.core.format.Scan}) and the per-rule verdict ({@value dev.sunset.core.format.Formats#VERDICT},
 * {@link dev.sunset.core.format.Verdict}).
 *
 * <p>Each format is a contract: it changes only by adding fields, and a file written by an older Sunset reads as
 * the same records with the newer fields absent. A file that does not read is a {@link
 * dev.sunset.core.format.FormatException} naming the file, the field and what is wrong, in one line.
 */
package dev.sunset.core.format;
