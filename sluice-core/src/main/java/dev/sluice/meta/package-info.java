/**
 * The metadata store: every pipeline, run, step run, parameter, metric, check result, artifact and
 * lineage edge, kept in a JDBC database (SQLite at {@code <home>/sluice.db} by default, PostgreSQL
 * when {@code SLUICE_DB} holds a {@code jdbc:postgresql:} URL).
 *
 * <p>Writes are small immutable {@link dev.sluice.meta.MetaWrite} records handed to a
 * {@link dev.sluice.meta.MetadataWriter}, which group-commits them on one background thread; reads go
 * through {@link dev.sluice.meta.MetadataQueries} and {@link dev.sluice.meta.LineageQueries}. The
 * schema is created and upgraded by numbered migration scripts under
 * {@code src/main/resources/dev/sluice/meta/migrations/}. Open a store with
 * {@link dev.sluice.meta.MetadataStores}.
 */
package dev.sluice.meta;
