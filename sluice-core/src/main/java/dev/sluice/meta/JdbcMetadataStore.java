package dev.sluice.meta;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A {@link MetadataStore} on one JDBC database: a {@link GroupCommitWriter} on its own connection,
 * queries on pooled read connections, and the model registry. Thread-safe.
 */
final class JdbcMetadataStore implements MetadataStore {
    private final Database database;
    private final GroupCommitWriter writer;
    private final JdbcQueries queries;
    private final JdbcLineage lineage;
    private final JdbcModelRegistry models;
    private final JdbcSql sql;
    private final JdbcRunRetention retention;

    private JdbcMetadataStore(Database database, Connection writerConnection) {
        this.database = database;
        this.writer = new GroupCommitWriter(database, writerConnection);
        this.queries = new JdbcQueries(database, new Liveness(Liveness.DEFAULT_TIMEOUT));
        this.lineage = new JdbcLineage(database);
        this.models = new JdbcModelRegistry(database, writer);
        this.sql = new JdbcSql(database);
        this.retention = new JdbcRunRetention(database, sql, new Liveness(Liveness.DEFAULT_TIMEOUT));
    }

    /** Connects, brings the schema up to date, and starts the writer thread. */
    static JdbcMetadataStore open(Database database) throws SQLException {
        Connection connection = database.connect(true);
        try {
            Migrations.migrate(connection, database);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return new JdbcMetadataStore(database, connection);
    }

    @Override
    public MetadataWriter writer() { return writer; }

    @Override
    public MetadataQueries queries() { return queries; }

    @Override
    public LineageQueries lineage() { return lineage; }

    @Override
    public dev.sluice.api.ModelRegistry models() { return models; }

    @Override
    public MetadataSql sql() { return sql; }

    @Override
    public RunRetention retention() { return retention; }

    @Override
    public String describe() { return database.description(); }

    @Override
    public void close() {
        try {
            writer.close();
        } finally {
            sql.close();
            database.closeReaders();
        }
    }
}
