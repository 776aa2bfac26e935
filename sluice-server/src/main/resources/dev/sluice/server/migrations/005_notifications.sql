-- Every attempt to deliver a notification (notify: in a pipeline file): which happening, for which run, to which
-- receiver (scheme, host and port only: a webhook's path may hold its secret), and how the attempt ended. outcome:
-- delivered (2xx), retry (failed, tried again later), failed (the last attempt failed), refused (not sent: the host
-- is not allowed or the secret is not set).
CREATE TABLE server_notifications (
    id           TEXT    NOT NULL,
    attempt      INTEGER NOT NULL,
    event        TEXT    NOT NULL,
    run_id       TEXT,
    pipeline     TEXT    NOT NULL,
    receiver     TEXT    NOT NULL,
    format       TEXT    NOT NULL,
    at           BIGINT  NOT NULL,
    http_status  INTEGER,
    outcome      TEXT    NOT NULL,
    error        TEXT,
    PRIMARY KEY (id, attempt)
);
CREATE INDEX server_notifications_run ON server_notifications (run_id);
