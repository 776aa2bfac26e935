package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.exec.Workspace;
import dev.sluice.store.Digest;
import dev.sluice.store.LocalArtifactStore;
import dev.sluice.store.StoreInventory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds what {@code sluice gc} may delete: every digest in the local artifact store that no metadata refers to.
 * Referenced are the artifacts the metadata names (outputs, lineage edges) and the file blobs listed in the
 * manifests of referenced folder artifacts: {@link dev.sluice.store.ArtifactStore#list()} returns those blobs
 * too, and they must stay. Reads the local store's documented layout ({@code store/blobs/ab/<hex>},
 * {@code store/manifests/ab/<hex>}) so that a dry run writes nothing; a store elsewhere (S3) answers through its
 * {@link StoreInventory}. Not thread-safe (one per command).
 */
final class StoreSweep {
    /** A digest nothing refers to, its size in bytes, and whether it is a folder manifest. */
    record Garbage(Digest digest, long size, boolean folder) {}

    private final Workspace ws;
    private final StoreInventory inventory;

    StoreSweep(Workspace ws, LocalArtifactStore store) {
        this(ws, new LocalInventory(store.root()));
    }

    StoreSweep(Workspace ws, StoreInventory inventory) {
        this.ws = ws;
        this.inventory = inventory;
    }

    /** The sweep of the workspace's store: the local one, or one that keeps an inventory (S3); empty for others. */
    static Optional<StoreSweep> of(Workspace ws) {
        if (ws.store() instanceof LocalArtifactStore local) return Optional.of(new StoreSweep(ws, local));
        if (ws.store() instanceof StoreInventory inventory) return Optional.of(new StoreSweep(ws, inventory));
        return Optional.empty();
    }

    /** Removes what dead writers left half-written in the store (a bucket's abandoned uploads); returns how many. */
    int removeAbandonedWrites() {
        return inventory.removeAbandonedWrites();
    }

    /** The unreferenced digests, largest first. */
    List<Garbage> find() throws IOException {
        return find(ws.metadata().lineage().referencedArtifacts());
    }

    /**
     * The digests that would be unreferenced if the metadata referred to {@code referenced} only (what stays referenced
     * once some runs are deleted), largest first.
     */
    List<Garbage> find(Set<String> referenced) throws IOException {
        Set<Digest> reachable = new HashSet<>();
        for (String id : referenced) {
            Digest d;
            try {
                d = Digest.parse(id);
            } catch (RuntimeException e) {
                continue; // not a content digest: nothing in the store to keep
            }
            reachable.add(d);
            reachable.addAll(inventory.folderFiles(d));
        }
        List<Digest> stored;
        try (var list = ws.store().list()) {
            stored = list.filter(d -> !reachable.contains(d)).collect(Collectors.toList());
        }
        List<Garbage> garbage = new ArrayList<>();
        for (Digest d : stored) {
            StoreInventory.Entry e = inventory.entry(d).orElse(new StoreInventory.Entry(0, false));
            garbage.add(new Garbage(d, e.size(), e.folder()));
        }
        garbage.sort(Comparator.comparingLong(Garbage::size).reversed().thenComparing(g -> g.digest().hex()));
        return garbage;
    }

    /** The local store's inventory, read from its documented layout so that a dry run writes nothing. */
    private record LocalInventory(Path root) implements StoreInventory {
        @Override
        public Optional<Entry> entry(Digest d) {
            Path manifest = manifest(d);
            boolean folder = Files.isRegularFile(manifest);
            return Optional.of(new Entry(size(folder ? manifest : blob(d)), folder));
        }

        @Override
        public Set<Digest> folderFiles(Digest folder) {
            Path manifest = manifest(folder);
            if (!Files.isRegularFile(manifest)) return Set.of();
            try {
                JsonNode root = ProblemReport.JSON.readTree(manifest.toFile());
                Set<Digest> files = new HashSet<>();
                for (JsonNode f : root.path("files")) files.add(Digest.parse(f.path("digest").asText()));
                return files;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Path manifest(Digest d) { return root.resolve("manifests").resolve(d.hex().substring(0, 2)).resolve(d.hex()); }

        private Path blob(Digest d) { return root.resolve("blobs").resolve(d.hex().substring(0, 2)).resolve(d.hex()); }

        private static long size(Path p) {
            try {
                return Files.size(p);
            } catch (IOException e) {
                return 0;
            }
        }
    }
}
