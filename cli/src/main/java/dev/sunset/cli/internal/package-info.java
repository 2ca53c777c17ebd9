/**
 * The command line's internals, by responsibility: its commands ({@code command}), what they read and write ({@code
 * io}), the verdict's table and fleet evidence ({@code verdict}), the HTML report ({@code html}) and SARIF ({@code
 * sarif}); here, what they all share: the exit codes (a contract), the bad-input failure and the version; not an API.
 */
package dev.sunset.cli.internal;
