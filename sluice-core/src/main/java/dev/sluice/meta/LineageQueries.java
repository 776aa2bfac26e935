package dev.sluice.meta;

import java.util.Set;

/**
 * Lineage reads for {@code sluice lineage} and garbage collection. Thread-safe; each call uses its own
 * connection and sees committed writes only.
 */
public interface LineageQueries {

    /** What produced an artifact, transitively: producing step runs, their params and inputs, and theirs. */
    Lineage upstream(String artifactId);

    /** What consumed an artifact, transitively: consuming step runs, and the consumers of what they produced. */
    Lineage downstream(String artifactId);

    /**
     * Every artifact id that some step run produced, reported as output, or consumed, that triggered a run, or that a
     * registered model version is (not to be collected).
     */
    Set<String> referencedArtifacts();
}
