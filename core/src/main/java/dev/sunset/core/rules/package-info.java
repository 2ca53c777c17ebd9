/**
 * Rules files read without any class: the rules as records, their problems one line each, stages, schedules, allow
 * lists and baselines.
 */
package dev.sunset.core.rules;
