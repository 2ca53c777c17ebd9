/**
 * Run-time linkage: the bootstrap entry points every class loader sees, and the linker that points each call site
 * at the legacy method, the replacement or a denial, and moves it when its stage changes.
 */
package dev.sunset.agent.internal.linkage;
