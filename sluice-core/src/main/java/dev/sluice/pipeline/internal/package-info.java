/**
 * Internal to Sluice: compact data structures behind the pipeline model ({@link
 * dev.sluice.pipeline.internal.Locations}, {@link dev.sluice.pipeline.internal.NameIndex}, the small maps made by
 * {@link dev.sluice.pipeline.internal.Copies}). Public only so that other Sluice packages can use them; they may
 * change or go in any release, and no user code should import them.
 */
package dev.sluice.pipeline.internal;
