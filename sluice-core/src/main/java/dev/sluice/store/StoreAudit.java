package dev.sluice.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a whole {@link LocalArtifactStore} against its digests, for {@code sluice fsck}: every folder manifest and
 * every blob is read and hashed; what no longer hashes to its name is moved to {@code store/quarantine/} (never
 * served again, so the next cache lookup misses and the step that made it runs again); what a manifest or the
 * caller's list of recorded artifacts names but the store lacks is reported missing; and folder trees that no longer
 * link their folder's blobs are dropped (they are rebuilt on next use). It writes nothing back: the caller does that
 * with {@link ArtifactStore#verify(ContentStamp)}, which restores what the metadata database keeps. Not thread-safe
 * (one per check); safe while runs write to the store (what is written during the check may or may not be checked).
 *
 * <pre>{@code
 * StoreAudit.Report report = new StoreAudit(store, recordedArtifactIds).run(StoreAudit.Progress.NONE);
 * report.problems().forEach(p -> System.out.println(p.kind() + " " + p.digest()));
 * }</pre>
 */
public final class StoreAudit {
    /** What is wrong with one digest. */
    public enum Kind {
        /** A blob whose bytes no longer hash to its name; moved to quarantine. */
        DAMAGED,
        /** A folder manifest whose bytes no longer hash to its name (or that Sluice did not write); moved to quarantine. */
        DAMAGED_MANIFEST,
        /** Named by a manifest or a recorded run, but not in the store. */
        MISSING
    }

    /**
     * One problem: the digest, what is wrong, its size ({@code -1} when unknown), where it was moved, and the folder
     * artifacts whose manifests list it (empty for a file artifact or a manifest).
     */
    public record Problem(Digest digest, Kind kind, long size, Optional<Path> quarantined, List<Digest> folders) {
        public Problem {
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(quarantined, "quarantined");
            folders = List.copyOf(folders);
        }
    }

    /** What the check read and found; {@code staleTrees} counts the folder trees dropped. */
    public record Report(long files, long folders, long bytes, int staleTrees, List<Problem> problems) {
        public Report {
            problems = List.copyOf(problems);
        }
    }

    /** Told after each file read: how many files and bytes so far, out of how many. */
    @FunctionalInterface
    public interface Progress {
        void checked(long files, long totalFiles, long bytes, long totalBytes);

        Progress NONE = (files, totalFiles, bytes, totalBytes) -> { };
    }

    private final StoreLayout layout;
    private final Integrity integrity;
    private final Set<Digest> recorded;
    private final Map<Digest, List<Digest>> folderOf = new HashMap<>();
    private final Map<Digest, Problem> problems = new LinkedHashMap<>();

    /**
     * @param store    the store to check
     * @param recorded the artifacts the metadata says exist (reported missing when the store lacks them)
     */
    public StoreAudit(LocalArtifactStore store, Collection<Digest> recorded) {
        this.layout = Objects.requireNonNull(store, "store").layout();
        this.integrity = store.integrity();
        this.recorded = new HashSet<>(recorded);
    }

    /** Checks everything; see the class comment. */
    public Report run(Progress progress) {
        try {
            List<Path> manifests = files(layout.manifests());
            List<Path> blobs = files(layout.blobs());
            long totalFiles = manifests.size() + blobs.size();
            long totalBytes = sizeOf(manifests) + sizeOf(blobs);
            long files = 0;
            long bytes = 0;
            for (Path m : manifests) {
                bytes += size(m); // before the check, which may move it
                checkManifest(new Digest(m.getFileName().toString()));
                progress.checked(++files, totalFiles, bytes, totalBytes);
            }
            for (Path b : blobs) {
                bytes += size(b);
                checkBlob(new Digest(b.getFileName().toString()));
                progress.checked(++files, totalFiles, bytes, totalBytes);
            }
            findMissing();
            int stale = dropStaleTrees();
            return new Report(blobs.size(), manifests.size(), totalBytes, stale, new ArrayList<>(problems.values()));
        } catch (IOException e) {
            throw new StoreException("cannot check the artifact store at '" + layout.root() + "': " + e
                    + "; check its permissions", e);
        }
    }

    private void checkManifest(Digest d) throws IOException {
        Optional<Manifest> manifest = integrity.intactManifest(d);
        if (manifest.isEmpty()) {
            long size = size(layout.manifest(d));
            Verification v = integrity.quarantineManifest(d, true);
            problems.put(d, new Problem(d, Kind.DAMAGED_MANIFEST, size, v.quarantined(), List.of()));
            return;
        }
        for (Manifest.Entry e : manifest.get().entries()) folderOf.computeIfAbsent(e.digest(), k -> new ArrayList<>()).add(d);
    }

    private void checkBlob(Digest d) throws IOException {
        Path blob = layout.blob(d);
        Object key = TreeWriter.fileKey(blob);
        if (key == null || integrity.hashesTo(blob, d)) return; // gone meanwhile (deleted), or intact
        long size = size(blob);
        Optional<Path> moved = integrity.quarantineBlob(d, key, true);
        if (moved.isEmpty() && integrity.hashesTo(blob, d)) return; // another writer put a good copy there meanwhile
        problems.put(d, new Problem(d, Kind.DAMAGED, size, moved, folderOf.getOrDefault(d, List.of())));
    }

    private void findMissing() {
        Set<Digest> named = new HashSet<>(recorded);
        named.addAll(folderOf.keySet());
        List<Digest> sorted = new ArrayList<>(named);
        sorted.sort((a, b) -> a.hex().compareTo(b.hex()));
        for (Digest d : sorted) {
            if (problems.containsKey(d) || Files.isRegularFile(layout.blob(d)) || Files.isRegularFile(layout.manifest(d))) {
                continue;
            }
            problems.put(d, new Problem(d, Kind.MISSING, -1, Optional.empty(), folderOf.getOrDefault(d, List.of())));
        }
    }

    /** Drops each tree whose folder is gone or whose files are not (links to) its blobs; returns how many. */
    private int dropStaleTrees() throws IOException {
        int dropped = 0;
        for (Path tree : entries(layout.trees())) {
            String name = tree.getFileName().toString();
            if (!Digest.isHex(name)) continue;
            Digest d = new Digest(name);
            if (!matches(tree, d)) {
                integrity.dropTree(d);
                dropped++;
            }
        }
        return dropped;
    }

    private boolean matches(Path tree, Digest folder) throws IOException {
        Optional<Manifest> manifest = integrity.intactManifest(folder);
        if (manifest.isEmpty()) return false;
        for (Manifest.Entry e : manifest.get().entries()) {
            Path file = TreeWriter.inside(tree, e.path());
            Object key = TreeWriter.fileKey(file);
            if (key == null) return false;
            // an executable file is a copy, not a link: its bytes must still hash right
            boolean ok = e.executable() ? integrity.hashesTo(file, e.digest()) : key.equals(TreeWriter.fileKey(layout.blob(e.digest())));
            if (!ok) return false;
        }
        return true;
    }

    private static List<Path> files(Path shards) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path shard : entries(shards)) {
            if (!Files.isDirectory(shard)) continue;
            for (Path f : entries(shard)) if (Digest.isHex(f.getFileName().toString())) out.add(f);
        }
        out.sort(null);
        return out;
    }

    private static List<Path> entries(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(out::add);
        }
        return out;
    }

    private static long sizeOf(List<Path> files) {
        long total = 0;
        for (Path f : files) total += size(f);
        return total;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
