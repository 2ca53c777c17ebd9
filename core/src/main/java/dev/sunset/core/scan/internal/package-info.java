/**
 * How the scanner walks archives (layouts, nested jars, resolution scopes); not an API.
 */
package dev.sunset.core.scan.internal;
