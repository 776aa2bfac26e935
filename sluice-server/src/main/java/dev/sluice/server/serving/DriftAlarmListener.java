package dev.sluice.server.serving;

/**
 * Hears of every drift alarm of a model {@code sluice server} serves ({@link Serving#onAlarm}), after the report is
 * stored and the retraining policy decided: the hook for notifications. Called on the drift check's thread, one alarm
 * at a time; it must return quickly (queue the work elsewhere) and must not throw (a throw is logged and ignored).
 *
 * <pre>{@code
 * server.serving().onAlarm(alarm -> outbox.add(alarm.describe() + ": " + alarm.action()));
 * }</pre>
 */
@FunctionalInterface
public interface DriftAlarmListener {
    void onDriftAlarm(DriftAlarm alarm);
}
