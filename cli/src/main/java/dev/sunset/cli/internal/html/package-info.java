/**
 * {@code sunset report --html}: one self-contained page from reports and scans (jte templates, SVG charts), with
 * each rule's verdict.
 */
package dev.sunset.cli.internal.html;
