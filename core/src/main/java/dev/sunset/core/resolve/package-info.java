/**
 * A rule resolved against class files: its legacy method and its replacement found, or what is wrong with it.
 */
package dev.sunset.core.resolve;
