/**
 * A Spring Boot application built into an executable jar by the deployment tests, to run the agent where users run
 * it; not shipped.
 */
package dev.sunset.deployment.boot;
