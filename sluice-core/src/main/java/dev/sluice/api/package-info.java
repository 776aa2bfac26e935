/**
 * What a step author sees: {@link dev.sluice.api.Step}, {@link dev.sluice.api.Component},
 * {@link dev.sluice.api.StepContext}, typed ports and parameters, the states of
 * steps and runs ({@link dev.sluice.api.StepStatus}, {@link dev.sluice.api.RunStatus}: the same words live, recorded and
 * shown), and the exceptions a user meets.
 */
package dev.sluice.api;
