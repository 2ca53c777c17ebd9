/**
 * The command line's commands ({@code scan}, {@code check}, {@code merge}, {@code verdict}, {@code rules}, {@code
 * recipe}, {@code report}, {@code attach}): their options, the option groups several of them share (picocli mixins),
 * and the scan they run; not an API.
 */
package dev.sunset.cli.internal.command;
