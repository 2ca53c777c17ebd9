/**
 * What the recipes share: receivers, recipe steps and syntax-tree helpers; not an API.
 */
package dev.sunset.rewrite.internal;
