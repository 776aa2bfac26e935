package dev.sluice.server.catalog;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One content version of a registered pipeline, as the server keeps it: the YAML text and the digests of the files
 * it names. Immutable.
 *
 * @param digest     the version ({@link VersionDigest}), {@code sha256:<hex>}
 * @param pipelineId the id Sluice's {@code pipelines} table gives the YAML text (runs refer to it)
 * @param source     the file it was read from, or {@code api:<token name>} for one submitted in a request
 * @param file       the file, for a version read from a folder
 * @param baseDir    the folder its relative paths resolve against
 */
public record PipelineVersion(String name, String digest, String pipelineId, String source, Optional<Path> file,
                              Path baseDir, String yaml, Map<String, String> files, Instant registered) {
    public PipelineVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(yaml, "yaml");
        files = Map.copyOf(files);
    }

    /** The first 12 hex digits of the digest, for messages. */
    public String shortDigest() {
        String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
