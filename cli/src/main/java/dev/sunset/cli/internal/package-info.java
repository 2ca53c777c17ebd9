/**
 * The command line's commands ({@code scan}, {@code check}, {@code merge}, {@code verdict}, {@code rules}, {@code
 * recipe}, {@code report}, {@code attach}), their input and output, colour and tables; not an API.
 */
package dev.sunset.cli.internal;
