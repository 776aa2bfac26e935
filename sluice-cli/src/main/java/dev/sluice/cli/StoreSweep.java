package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.exec.Workspace;
import dev.sluice.store.Digest;
import dev.sluice.store.LocalArtifactStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds what {@code sluice gc} may delete: every digest in the local artifact store that no metadata refers to.
 * Referenced are the artifacts the metadata names (outputs, lineage edges) and the file blobs listed in the
 * manifests of referenced folder artifacts: {@link dev.sluice.store.ArtifactStore#list()} returns those blobs
 * too, and they must stay. Reads the store's documented layout ({@code store/blobs/ab/<hex>},
 * {@code store/manifests/ab/<hex>}) so that a dry run writes nothing. Not thread-safe (one per command).
 */
final class StoreSweep {
    /** A digest nothing refers to, its size in bytes, and whether it is a folder manifest. */
    record Garbage(Digest digest, long size, boolean folder) {}

    private final Path root;
    private final Workspace ws;

    StoreSweep(Workspace ws, LocalArtifactStore store) {
        this.ws = ws;
        this.root = store.root();
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
            reachable.addAll(folderFiles(d));
        }
        List<Digest> stored;
        try (var list = ws.store().list()) {
            stored = list.filter(d -> !reachable.contains(d)).collect(Collectors.toList());
        }
        List<Garbage> garbage = new ArrayList<>();
        for (Digest d : stored) {
            Path manifest = manifest(d);
            boolean folder = Files.isRegularFile(manifest);
            garbage.add(new Garbage(d, size(folder ? manifest : blob(d)), folder));
        }
        garbage.sort(Comparator.comparingLong(Garbage::size).reversed().thenComparing(g -> g.digest().hex()));
        return garbage;
    }

    /** The file blobs a folder artifact's manifest lists; empty for a file artifact. */
    private Set<Digest> folderFiles(Digest folder) throws IOException {
        Path manifest = manifest(folder);
        if (!Files.isRegularFile(manifest)) return Set.of();
        JsonNode root = ProblemReport.JSON.readTree(manifest.toFile());
        Set<Digest> files = new HashSet<>();
        for (JsonNode f : root.path("files")) files.add(Digest.parse(f.path("digest").asText()));
        return files;
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
