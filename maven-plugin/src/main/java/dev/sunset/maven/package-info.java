/**
 * The Maven plugin's goals: {@code scan} and {@code check}, the CI gate inside the build.
 */
package dev.sunset.maven;
