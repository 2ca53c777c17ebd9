/**
 * The {@code sunset} command line's entry point: the command tree, its exit codes and its one-line errors.
 */
package dev.sunset.cli;
