/**
 * The compatibility shim of the reference migration: the legacy WebSocket manager factory kept compiling and
 * delegating to the unified manager, and the rules its jar ships in {@code META-INF/sunset/rules.yaml}.
 */
package com.example.ws;
