/**
 * Internal to Sluice: small helpers that several modules share ({@link dev.sluice.internal.Durations}). Public only so
 * that other Sluice modules can use them; they may change or go in any release, and no user code should import them.
 */
package dev.sluice.internal;
