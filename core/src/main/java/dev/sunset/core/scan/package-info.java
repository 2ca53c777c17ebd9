/**
 * The static inventory of call sites in jars, class folders, Spring Boot jars, WARs and nested jars, its JSON
 * form, and the sites not in a baseline (the CI gate).
 */
package dev.sunset.core.scan;
