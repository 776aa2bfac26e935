/**
 * Faults injected on purpose, for the tests that prove the durable path survives them: {@link dev.sluice.fault.CrashPoints}
 * halts the JVM (as {@code kill -9} would) the n-th time a named point of the durable path is reached, and
 * {@link dev.sluice.fault.IoFaults} makes a named I/O call fail as a broken or full disk would. Both are off unless
 * the environment asks for them ({@code SLUICE_CRASH_AT}, {@code SLUICE_IO_FAULT}); off, each point costs one check
 * of a static final field, which the JIT removes.
 */
package dev.sluice.fault;
