/**
 * Class-load-time rewriting: the class file transformer and the one ASM pass that turns legacy calls into counted
 * call sites and guards legacy methods.
 */
package dev.sunset.agent.internal.rewrite;
