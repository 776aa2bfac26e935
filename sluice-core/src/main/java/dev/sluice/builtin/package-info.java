/**
 * Built-in generic components that work on plain files: {@code file} (import a local file),
 * {@code concat} (join text and files) and {@code count} (lines, words and bytes as metrics).
 * They are registered by {@link dev.sluice.builtin.BuiltinComponents} through
 * {@code META-INF/services/dev.sluice.api.ComponentProvider}.
 */
package dev.sluice.builtin;
