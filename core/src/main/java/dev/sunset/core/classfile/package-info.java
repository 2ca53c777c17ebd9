/**
 * Class files read without loading them: located by name in a loader or an artifact, their hierarchy, a constant-
 * pool pre-check, and the structural check a rewritten class must pass.
 */
package dev.sunset.core.classfile;
