package dev.sluice.meta;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * {@link MetadataSql} on a {@link Database}: reads on its pooled read connections, writes on up to
 * {@value #WRITERS} connections of its own (opened when first needed, kept for the store's life). Thread-safe.
 */
final class JdbcSql implements MetadataSql, AutoCloseable {
    static final int WRITERS = 4;
    private static final int MAX_TRANSIENT_RETRIES = 50;

    private final Database database;
    private final Semaphore permits = new Semaphore(WRITERS, true);
    private final ArrayBlockingQueue<Connection> idle = new ArrayBlockingQueue<>(WRITERS);
    private volatile boolean closed;

    JdbcSql(Database database) {
        this.database = database;
    }

    @Override
    public boolean isPostgres() {
        return database.dialect() == Dialect.POSTGRES;
    }

    @Override
    public <T> T read(Work<T> work) {
        return database.read(work::run);
    }

    @Override
    public <T> T write(Work<T> work) {
        permits.acquireUninterruptibly();
        try {
            for (int attempt = 1; ; attempt++) {
                Connection c = take();
                try {
                    database.begin(c);
                    T result = work.run(c);
                    database.commit(c);
                    give(c);
                    return result;
                } catch (SQLException e) {
                    rollbackOrClose(c);
                    if (!database.dialect().isTransient(e) || attempt >= MAX_TRANSIENT_RETRIES) {
                        throw new MetadataException("Writing to the metadata database " + database.description()
                                + " failed: " + e.getMessage(), e);
                    }
                    pause(attempt);
                } catch (RuntimeException | Error e) {
                    rollbackOrClose(c);
                    throw e;
                }
            }
        } finally {
            permits.release();
        }
    }

    @Override
    public int migrate(Class<?> owner, String root, String versionTable) {
        try (Connection c = database.connect(true)) {
            return Migrations.migrate(c, database, owner, root, versionTable);
        } catch (SQLException e) {
            throw new MetadataException("Bringing the tables of " + owner.getSimpleName() + " up to date in "
                    + database.description() + " failed: " + e.getMessage(), e);
        }
    }

    private Connection take() {
        if (closed) throw new MetadataException("the metadata store " + database.description() + " is closed");
        Connection c = idle.poll();
        if (c != null) return c;
        try {
            return database.connect(true);
        } catch (SQLException e) {
            throw new MetadataException("Cannot connect to the metadata database " + database.description() + ": "
                    + e.getMessage(), e);
        }
    }

    private void give(Connection c) {
        if (closed || !idle.offer(c)) closeQuietly(c);
    }

    private void rollbackOrClose(Connection c) {
        try {
            database.rollback(c);
            give(c);
        } catch (SQLException e) {
            closeQuietly(c);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(200, 5L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetadataException("interrupted while waiting for the metadata database", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Connection c; (c = idle.poll()) != null; ) closeQuietly(c);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }
}
