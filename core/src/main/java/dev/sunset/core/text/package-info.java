/** Words for people, shared by the agent's lines and the command line's: counts with their nouns. */
package dev.sunset.core.text;
