package dev.sluice.meta;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which database errors the writer retries (another connection held the database: trying again later works) and
 * which it reports at once: retrying a constraint violation would hide a bug, and not retrying a busy database
 * would fail a run another process merely delayed. Disk full is its own case (the run fails with one line, see
 * {@code FullDiskWriterTest}). The codes are the drivers' own: SQLite's primary codes in the low byte of the extended
 * ones, PostgreSQL's SQLSTATEs.
 */
class DialectTest {
    private static SQLException sqlite(int code, String message) {
        return new SQLException(message, null, code);
    }

    private static SQLException postgres(String state) {
        return new SQLException("ERROR: could not serialize access", state);
    }

    @Test
    void aBusyOrLockedSqliteDatabaseIsRetriedAlsoWhenTheDriverGivesAnExtendedCodeOrOnlyAMessage() {
        assertThat(Dialect.SQLITE.isTransient(sqlite(5, "[SQLITE_BUSY] The database file is locked"))).isTrue();
        assertThat(Dialect.SQLITE.isTransient(sqlite(6, "[SQLITE_LOCKED] A table in the database is locked"))).isTrue();
        // SQLITE_BUSY_SNAPSHOT = 5 | (2 << 8), SQLITE_LOCKED_SHAREDCACHE = 6 | (1 << 8)
        assertThat(Dialect.SQLITE.isTransient(sqlite(517, "busy snapshot"))).isTrue();
        assertThat(Dialect.SQLITE.isTransient(sqlite(262, "locked shared cache"))).isTrue();
        assertThat(Dialect.SQLITE.isTransient(sqlite(0, "[SQLITE_BUSY] database is locked"))).isTrue();
        assertThat(Dialect.SQLITE.isTransient(sqlite(0, "[SQLITE_LOCKED] table is locked"))).isTrue();
        // wrapped in another exception, as a batch or a pool may hand it on
        SQLException wrapped = new SQLException("batch failed", sqlite(5, "busy"));
        assertThat(Dialect.SQLITE.isTransient(wrapped)).isTrue();
    }

    @Test
    void aConstraintViolationOrASyntaxErrorIsNotRetried() {
        assertThat(Dialect.SQLITE.isTransient(sqlite(19, "[SQLITE_CONSTRAINT_UNIQUE] UNIQUE constraint failed: runs.id"))).isFalse();
        assertThat(Dialect.SQLITE.isTransient(sqlite(1, "[SQLITE_ERROR] near \"SELEC\": syntax error"))).isFalse();
        // 2067 = SQLITE_CONSTRAINT_UNIQUE: its low byte is 19, not 5 or 6
        assertThat(Dialect.SQLITE.isTransient(sqlite(2067, "constraint"))).isFalse();
        assertThat(Dialect.SQLITE.isTransient(new SQLException("batch failed", sqlite(19, "constraint")))).isFalse();
        assertThat(Dialect.POSTGRES.isTransient(postgres("23505"))).isFalse();
        // a PostgreSQL error is judged by its SQLSTATE, not by SQLite's codes
        assertThat(Dialect.POSTGRES.isTransient(sqlite(5, "[SQLITE_BUSY]"))).isFalse();
    }

    @Test
    void aPostgresSerializationFailureOrDeadlockIsRetried() {
        assertThat(Dialect.POSTGRES.isTransient(postgres("40001"))).isTrue();
        assertThat(Dialect.POSTGRES.isTransient(postgres("40P01"))).isTrue();
        assertThat(Dialect.POSTGRES.isTransient(new SQLException("batch", postgres("40P01")))).isTrue();
    }

    @Test
    void aFullDiskIsRecognisedByItsCodeOrMessageOnSqliteAndItsStateOnPostgres() {
        assertThat(Dialect.SQLITE.isDiskFull(sqlite(13, "[SQLITE_FULL] database or disk is full"))).isTrue();
        assertThat(Dialect.SQLITE.isDiskFull(sqlite(0, "[SQLITE_FULL] database or disk is full"))).isTrue();
        assertThat(Dialect.SQLITE.isDiskFull(new SQLException("commit failed", sqlite(13, "full")))).isTrue();
        // 13 is the low byte: 269 (13 | 1 << 8) is full too, 15 (SQLITE_PROTOCOL) and 5 are not
        assertThat(Dialect.SQLITE.isDiskFull(sqlite(269, "full"))).isTrue();
        assertThat(Dialect.SQLITE.isDiskFull(sqlite(15, "protocol"))).isFalse();
        assertThat(Dialect.SQLITE.isDiskFull(sqlite(5, "[SQLITE_BUSY]"))).isFalse();
        assertThat(Dialect.POSTGRES.isDiskFull(postgres("53100"))).isTrue();
        assertThat(Dialect.POSTGRES.isDiskFull(postgres("40001"))).isFalse();
    }

    @Test
    void postgresReadsItsVariantsOfMigrationsFromTheFolderNamedForIt() {
        assertThat(Dialect.POSTGRES.folder()).isEqualTo("postgres");
        assertThat(DialectTest.class.getResource("/dev/sluice/meta/migrations/" + Dialect.POSTGRES.folder() + "/004_artifact_content.sql"))
                .isNotNull();
    }
}
