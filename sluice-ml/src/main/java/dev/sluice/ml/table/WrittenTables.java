package dev.sluice.ml.table;

import dev.sluice.store.ArtifactStore;
import dev.sluice.store.FileIdentity;

import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tables this process wrote lately, kept in memory so that a step reading one of them back (the next step of
 * an in-process pipeline) gets the frame without decoding the Parquet file: {@code csv} then {@code xgboost} on
 * 800,000 x 29 spent 0.5–1.7 s reading back the table the step before had just written.
 *
 * <p>A file is recognised by its {@link FileIdentity} (device and inode, size and modification time). The artifact
 * store keeps a step's output as the same file (a hard link renamed into place), so the blob a downstream step is
 * handed is usually the file that was written; when the store already held those bytes, it says which file the
 * existing blob was stored from this time ({@link ArtifactStore#storedFrom}). Any other file, or a file changed since it was
 * written, is read from disk.
 * Frames are immutable by convention, so one frame serves every reader.
 *
 * <p>Bounded: at most a quarter of the heap, least recently used first out, and held through soft references, so
 * the collector drops them before the process runs short of memory. Thread-safe.
 */
final class WrittenTables {
    private static final long BUDGET = Runtime.getRuntime().maxMemory() / 4;
    private static final Map<FileIdentity, Entry> ENTRIES = new LinkedHashMap<>(16, 0.75f, true);
    private static long bytes;

    private WrittenTables() {
    }

    private record Entry(SoftReference<Frame> frame, long bytes) {}

    /** Remembers that {@code file} now holds {@code frame} (call it once the file is complete, under its final name). */
    static void remember(Path file, Frame frame) {
        long size = footprint(frame);
        if (size > BUDGET) return;
        FileIdentity.of(file).ifPresent(id -> {
            synchronized (ENTRIES) {
                Entry old = ENTRIES.put(id, new Entry(new SoftReference<>(frame), size));
                if (old != null) bytes -= old.bytes();
                bytes += size;
                for (Iterator<Entry> it = ENTRIES.values().iterator(); bytes > BUDGET && it.hasNext(); ) {
                    bytes -= it.next().bytes();
                    it.remove();
                }
            }
        });
    }

    /** The frame last written to this very file, if this process wrote it and still holds it. */
    static Optional<Frame> recall(Path file) {
        return FileIdentity.of(file).flatMap(WrittenTables::recall)
                .or(() -> ArtifactStore.storedFrom(file).flatMap(WrittenTables::recall));
    }

    private static Optional<Frame> recall(FileIdentity id) {
        synchronized (ENTRIES) {
            Entry e = ENTRIES.get(id);
            if (e == null) return Optional.empty();
            Frame frame = e.frame().get();
            if (frame == null) {
                ENTRIES.remove(id);
                bytes -= e.bytes();
            }
            return Optional.ofNullable(frame);
        }
    }

    /** Forgets every table (for tests that must read the file itself). */
    static void clear() {
        synchronized (ENTRIES) {
            ENTRIES.clear();
            bytes = 0;
        }
    }

    /** Whether a table of this schema and row count would be kept: its {@link #footprint} is within the budget. */
    static boolean fits(Schema schema, long rows) {
        long perRow = 0;
        for (Schema.Field f : schema.fields()) perRow += bytesPerCell(f.type());
        return rows * perRow <= BUDGET;
    }

    /** Roughly the bytes a frame holds: 8 per number, 1 per flag, 48 per text cell (a string and its bytes). */
    static long footprint(Frame frame) {
        long total = 0;
        for (Column c : frame.columns()) {
            total += (long) c.size() * bytesPerCell(c.type());
        }
        return total;
    }

    private static int bytesPerCell(ColumnType type) {
        return switch (type) {
            case DOUBLE, LONG -> 8;
            case BOOL -> 1;
            case STRING -> 48;
        };
    }
}
