/**
 * OpenRewrite recipes that move legacy calls to their replacements in the source, and the generator that writes a
 * declarative recipe from rules.
 */
package dev.sunset.rewrite;
