/**
 * The chat app's thinking notifier: a caller of the legacy event method.
 */
package dev.sunset.examples.chat.notifications;
