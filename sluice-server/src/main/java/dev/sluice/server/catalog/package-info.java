/**
 * The pipeline registry: every {@code *.yaml} pipeline found in the server's folders (or submitted in a request),
 * registered by name; each content change of the file or of the files it names is a new version, kept in the
 * database. Invalid files are listed with their problems and never registered.
 */
package dev.sluice.server.catalog;
