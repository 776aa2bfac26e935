package dev.sluice.meta;

/**
 * The metadata store: a {@link MetadataWriter} for the executor, and {@link MetadataQueries} and
 * {@link LineageQueries} for the CLI, server and cache. Open one with {@link MetadataStores#open}.
 *
 * <pre>{@code
 * try (MetadataStore store = MetadataStores.open(home, Optional.empty())) {
 *     store.writer().submit(MetaWrite.PipelineSeen.of("churn", yaml, Instant.now()));
 *     store.writer().flush();
 *     store.queries().runs(20).forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Several stores, in one process or several, may share one database. {@link #close()}
 * flushes the writer, then releases its connection; it is idempotent.
 */
public interface MetadataStore extends AutoCloseable {

    MetadataWriter writer();

    MetadataQueries queries();

    LineageQueries lineage();

    /** Named models, their versions and aliases. */
    dev.sluice.api.ModelRegistry models();

    /**
     * Plain SQL on this database for modules with tables of their own (the server); see {@link MetadataSql}.
     *
     * @throws UnsupportedOperationException for a store that is not on a SQL database
     */
    default MetadataSql sql() {
        throw new UnsupportedOperationException("this metadata store offers no SQL access");
    }

    /**
     * Pins, lineage needs and the deletion of old runs, for retention ({@code sluice gc --runs}, {@code sluice pin},
     * the server's sweep).
     *
     * @throws UnsupportedOperationException for a store that cannot delete runs
     */
    default RunRetention retention() {
        throw new UnsupportedOperationException("this metadata store cannot pin or delete runs");
    }

    /** Which database this is, for messages: a file path, or a JDBC URL without its password. */
    String describe();

    @Override
    void close();
}
