/**
 * The one reader of class-file bytes the check, the constant-pool pre-scan and the agent's constant-pool remapper
 * share: bounded reads of the file's numbers, its version, a walk over its constant pool with typed tags and
 * offsets, and its entries by index. Every read is checked against the file's end, so a hostile or truncated file
 * fails with a {@link dev.sunset.core.classfile.internal.ClassFileException} and nothing else; not an API.
 */
package dev.sunset.core.classfile.internal;
