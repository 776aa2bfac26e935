package dev.sluice.exec;

import dev.sluice.api.PortKind;
import dev.sluice.api.StepStatus;
import dev.sluice.meta.MetaWrite;
import dev.sluice.meta.MetadataException;
import dev.sluice.meta.MetadataWriter;
import dev.sluice.meta.OutputRow;
import dev.sluice.meta.StepRunRow;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.StepKind;
import dev.sluice.pipeline.StepNode;
import dev.sluice.store.ArtifactStore;
import dev.sluice.store.ContentStamp;
import dev.sluice.store.Digest;
import dev.sluice.store.FileIdentity;
import dev.sluice.store.StoredArtifact;
import dev.sluice.store.Verification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The journal of a run in a {@link Workspace}: unchanged steps are found in the cache or in the run being resumed,
 * and outputs move into the content-addressed store; what the run did is recorded by its {@link RunRecorder}.
 * Nothing here waits on the metadata database's disk. Thread-safe.
 */
final class DurableJournal implements Journal {
    private static final Logger LOG = LoggerFactory.getLogger(DurableJournal.class);

    /** File outputs up to this size are kept in the metadata database too (see {@link #inline}). */
    static final int INLINE_MAX_BYTES = 16 * 1024;

    private final Workspace ws;
    private final MetadataWriter writer;
    private final CacheKeys keys;
    private final boolean noCache;
    private final Optional<String> resumeFrom;
    /** Decisions on approve steps: empty on a metadata store without SQL access. */
    private final Optional<dev.sluice.meta.StepApprovals> approvals;
    /** Cache key → a reusable step run of this pipeline's recent runs, loaded once so hits need no query. */
    private final Map<String, StepRunRow> recent = new java.util.concurrent.ConcurrentHashMap<>();
    /** The cache keys that may have a succeeded step run (see {@link KnownCacheKeys}), or null: query each. */
    private final java.util.Set<String> knownKeys;
    /** Store path → artifact id of the file artifacts this run handed to steps (outputs stored, cache hits). */
    private final Map<Path, String> handedOut = new java.util.concurrent.ConcurrentHashMap<>();
    /** Artifacts this run removed from the store because a step changed them in place (the step's error says so). */
    private final java.util.Set<String> removed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    DurableJournal(Workspace ws, Pipeline pipeline, boolean noCache, Optional<String> resumeFrom) {
        this.ws = ws;
        this.writer = ws.metadata().writer();
        this.keys = new CacheKeys(ws.digests(), pipeline);
        this.noCache = noCache;
        this.resumeFrom = resumeFrom;
        this.approvals = sqlOf(ws).map(dev.sluice.meta.StepApprovals::new);
        this.knownKeys = noCache ? null : ws.knownCacheKeys().forRun(pipeline.steps().size()).orElse(null);
        if (!noCache) preload(pipeline.name(), pipeline.steps().size()); // without the cache only a resumed run's own step runs are reused
    }

    private static Optional<dev.sluice.meta.MetadataSql> sqlOf(Workspace ws) {
        try {
            return Optional.of(ws.metadata().sql());
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /**
     * The step runs of the newest run of the same pipeline, by cache key; of the last few runs, newest first, when
     * that one has fewer reusable step runs than the pipeline has steps (it failed, or was cancelled, part-way).
     * Reading three runs where one would do was a seventh of a fully cached fan-1000's CPU; a key only in an older run
     * is still found, by its index ({@link #lookup}).
     */
    private void preload(String pipelineName, int steps) {
        try {
            var queries = ws.metadata().queries();
            List<StepRunRow> rows = queries.recentStepRuns(pipelineName, 1);
            if (rows.stream().filter(DurableJournal::reusable).count() < steps) rows = queries.recentStepRuns(pipelineName, 3);
            for (StepRunRow row : rows) {
                if (reusable(row)) recent.putIfAbsent(row.cacheKey().get(), row);
            }
        } catch (MetadataException e) {
            LOG.debug("no cache preload: {}", e.getMessage());
        }
    }

    private static boolean reusable(StepRunRow row) {
        return row.cacheKey().isPresent() && (row.state() == StepStatus.SUCCEEDED || row.state() == StepStatus.CACHED);
    }

    @Override
    public boolean movesOutputs() {
        return true;
    }

    @Override
    public Optional<dev.sluice.api.ModelRegistry> models() {
        return Optional.of(ws.metadata().models());
    }

    @Override
    public Optional<dev.sluice.meta.StepApprovals> approvals() {
        return approvals;
    }

    @Override
    public Optional<Path> storedArtifact(String artifactId) {
        try {
            return ws.store().path(dev.sluice.store.Digest.parse(artifactId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean damaged(Path storedFile) {
        String id = handedOut.remove(storedFile);
        if (id == null) return false;
        try {
            ws.store().delete(Digest.parse(id));
            removed.add(id);
            writer.submit(new MetaWrite.ArtifactContentDropped(id));
            LOG.warn("artifact {} was changed in place by a step; removed from the store, it will be computed again", id);
            return true;
        } catch (RuntimeException e) {
            LOG.error("artifact {} was changed in place by a step and could not be removed from the store: {};"
                    + " delete it with 'sluice gc' after removing its runs, or re-run with --no-cache", id, e.toString());
            return false;
        }
    }

    @Override
    public Optional<CacheKey> key(StepNode node, Map<String, Object> params, Map<String, List<String>> inputIds) {
        return Optional.of(keys.compute(node, params, inputIds));
    }

    @Override
    public Optional<Hit> lookup(StepNode node, CacheKey key) {
        java.util.Set<String> known = knownKeys;
        boolean mayBeStored = known == null || known.contains(key.key());
        ws.knownCacheKeys().add(key.key()); // the step may succeed with it now
        Optional<StepRunRow> candidate = resumeFrom.flatMap(run -> ws.metadata().queries().stepRun(run, node.name()))
                .filter(r -> (r.state() == StepStatus.SUCCEEDED || r.state() == StepStatus.CACHED)
                        && r.cacheKey().filter(key.key()::equals).isPresent());
        if (candidate.isEmpty() && (noCache || !node.cache())) return Optional.empty();
        if (candidate.isEmpty()) candidate = Optional.ofNullable(recent.get(key.key()));
        // a key this process does not know of is a miss without a query (KnownCacheKeys: another process's new
        // step runs are seen when it is loaded again; at worst a step runs again)
        if (candidate.isEmpty() && mayBeStored) {
            candidate = ws.metadata().queries().latestSucceeded(key.key());
        }
        return candidate.flatMap(row -> restore(node, row));
    }

    /** The outputs of an earlier step run, if every one is still in the store with its content intact. */
    private Optional<Hit> restore(StepNode node, StepRunRow row) {
        Map<String, PortKind> declared = outputKinds(node);
        Map<String, Object> outputs = new LinkedHashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        for (OutputRow out : row.outputs()) {
            PortKind kind = declared.get(out.port());
            Optional<Object> v = kind == null ? Optional.empty() : intact(out.artifactId(), kind);
            if (v.isEmpty()) {
                LOG.info("step '{}': cached output '{}' ({}) is missing or changed; running the step again",
                        node.name(), out.port(), out.artifactId());
                return Optional.empty();
            }
            outputs.put(out.port(), v.get());
            ids.put(out.port(), out.artifactId());
        }
        if (!outputs.keySet().containsAll(declared.keySet())) return Optional.empty();
        // a cached step run points at the one that produced the outputs: point there too
        String source = row.state() == StepStatus.CACHED ? row.cacheSource().orElse(row.id()) : row.id();
        String sourceRun = source.contains("/") ? source.substring(0, source.indexOf('/')) : row.runId();
        return Optional.of(new Hit(new Stored(outputs, ids), row.metrics(), row.checks(), source, sourceRun));
    }

    /**
     * The artifact's path (or value), checked against its digest: a folder or a small file (up to
     * {@link #INLINE_MAX_BYTES}) by hashing its content again, which costs less than the digest memo's own
     * checks and keeps the store's blobs out of the memo; a bigger file through the digest memo.
     */
    private Optional<Object> intact(String artifactId, PortKind kind) {
        try {
            Digest d = Digest.parse(artifactId);
            Optional<Path> p = ws.store().path(d);
            if (p.isEmpty()) return Optional.empty();
            java.nio.file.attribute.BasicFileAttributes attrs =
                    Files.readAttributes(p.get(), java.nio.file.attribute.BasicFileAttributes.class);
            boolean ok = attrs.isDirectory() || attrs.size() <= INLINE_MAX_BYTES ? ws.store().verify(d)
                    : ws.digests().digest(p.get()).equals(d);
            // a damaged file: verify writes it back when the metadata database kept its bytes
            if (!ok && !Files.isDirectory(p.get())) ok = ws.store().verify(d) && ws.digests().digest(p.get()).equals(d);
            if (!ok) return Optional.empty();
            if (!attrs.isDirectory()) handedOut.put(p.get(), artifactId);
            return Optional.of(kind == PortKind.VALUE ? CommandFiles.JSON.readValue(p.get().toFile(), Object.class) : p.get());
        } catch (RuntimeException | IOException e) {
            LOG.debug("artifact {} cannot be reused: {}", artifactId, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> damagedInput(Map<String, List<String>> inputIds) {
        for (Map.Entry<String, List<String>> port : inputIds.entrySet()) {
            for (String id : port.getValue()) {
                if (removed.contains(id)) continue; // the step changed it, and its error says so already
                Verification v;
                try {
                    v = ws.store().verify(ContentStamp.unknown(Digest.parse(id)));
                } catch (RuntimeException e) {
                    LOG.debug("cannot check input {}: {}", id, e.toString());
                    continue;
                }
                if (v.state() != Verification.State.INTACT) return Optional.of(damage(port.getKey(), id, v));
            }
        }
        return Optional.empty();
    }

    private static String damage(String port, String id, Verification v) {
        String input = "input '" + port + "' (" + id + ")";
        String fsck = " ('sluice fsck' checks the whole store).";
        return switch (v.state()) {
            case QUARANTINED -> input + " is damaged in the store: its content no longer matches its digest. It was moved to "
                    + v.quarantined().map(Path::toString).orElse("the store's quarantine folder")
                    + "; run the pipeline again and the step that produced it runs again" + fsck;
            case RESTORED -> input + " was damaged in the store and has been written back from the metadata database's"
                    + " copy; run the pipeline again" + fsck;
            case MISSING -> input + " is missing from the store; run the pipeline again and the step that produced it"
                    + " runs again" + fsck;
            case INTACT -> throw new IllegalArgumentException("an intact input is no damage");
        };
    }

    @Override
    public Stored ingest(StepNode node, Map<String, Object> outputs) {
        Map<String, PortKind> kinds = outputKinds(node);
        Map<String, Object> stored = new LinkedHashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        List<MetaWrite.ArtifactStored> artifacts = new ArrayList<>();
        List<MetaWrite.ArtifactContent> contents = new ArrayList<>();
        for (Map.Entry<String, Object> e : outputs.entrySet()) {
            PortKind kind = kinds.getOrDefault(e.getKey(), PortKind.FILE);
            ArtifactStore.Content small = inMemory(e.getValue());
            StoredArtifact a;
            if (small == null) {
                a = ws.store().put((Path) e.getValue(), kind, true);
            } else {
                boolean inline = small.bytes().length <= INLINE_MAX_BYTES;
                a = ws.store().put(small, kind, inline);
                if (inline) contents.add(new MetaWrite.ArtifactContent(a.id(), small.bytes()));
                if (e.getValue() instanceof Path p) deleteQuietly(p);
            }
            artifacts.add(new MetaWrite.ArtifactStored(a.id(), kind.yamlName(), a.mediaType(), a.size(), Instant.now()));
            Path blob = ws.store().path(a.digest()).orElseThrow();
            ids.put(e.getKey(), a.id());
            if (!a.folder()) handedOut.put(blob, a.id());
            stored.put(e.getKey(), e.getValue() instanceof Path || e.getValue() instanceof ArtifactStore.Content ? blob : e.getValue());
        }
        return new Stored(stored, ids, artifacts, contents);
    }

    /**
     * An output to store from memory, or null for one the store takes from its file: a value as its JSON, bytes a step
     * handed over, or a small regular file (up to {@link #INLINE_MAX_BYTES}, one {@code lstat} and one read). The bytes
     * of a small one are recorded in the metadata database in the group commit that records the artifact, so the store
     * need not fsync its copy: one database fsync covers a whole batch of outputs instead of two fsyncs per file, and
     * the store rewrites a blob lost in a crash from these bytes.
     */
    private static ArtifactStore.Content inMemory(Object value) {
        if (value instanceof ArtifactStore.Content c) return c;
        if (value instanceof Path p) {
            try {
                BasicFileAttributes at = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!at.isRegularFile() || at.size() > INLINE_MAX_BYTES) return null;
                Optional<FileIdentity> from = at.fileKey() == null ? Optional.empty() : Optional.of(new FileIdentity(
                        at.fileKey(), at.size(), at.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)));
                return new ArtifactStore.Content(Files.readAllBytes(p), p.getFileName().toString(), from);
            } catch (IOException e) {
                return null; // missing, or unreadable: the store's put says what is wrong
            }
        }
        try {
            return new ArtifactStore.Content(CommandFiles.JSON.writeValueAsBytes(value), "value.json", Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store a value output: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path stored) {
        try {
            Files.deleteIfExists(stored);
        } catch (IOException e) {
            LOG.warn("stored '{}' but could not remove it ({}); delete it by hand", stored, e.toString());
        }
    }

    static Map<String, PortKind> outputKinds(StepNode node) {
        Map<String, PortKind> kinds = new LinkedHashMap<>();
        switch (node.kind()) {
            case StepKind.JavaStep j -> j.component().spec().outputs().forEach(o -> kinds.put(o.name(), o.kind()));
            case StepKind.CommandStep c -> kinds.putAll(c.outputs());
        }
        return kinds;
    }
}
