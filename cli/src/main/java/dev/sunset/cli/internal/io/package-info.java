/**
 * What the command line reads and writes around its commands: rules and document files checked on the way in, output
 * files written safely (never through a link, a device or a FIFO), the private folder, colour, tables and help text;
 * not an API.
 */
package dev.sunset.cli.internal.io;
