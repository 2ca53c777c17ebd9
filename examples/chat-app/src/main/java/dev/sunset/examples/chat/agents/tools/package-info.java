/**
 * The chat app's tool dispatcher: a caller of the legacy factory and of the legacy tool-executing event.
 */
package dev.sunset.examples.chat.agents.tools;
