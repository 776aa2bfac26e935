/**
 * What a step author sees: {@link dev.sluice.api.Step}, {@link dev.sluice.api.Component},
 * {@link dev.sluice.api.StepContext}, typed ports and parameters, and the exceptions a user meets.
 */
package dev.sluice.api;
