/**
 * The server's own tables (run queue, pipeline versions, events, tokens, audit log): their migration set, applied
 * beside Sluice's through {@link dev.sluice.meta.MetadataSql#migrate}, and small JDBC helpers.
 */
package dev.sluice.server.sql;
