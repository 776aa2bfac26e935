package dev.sluice.server.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Size and modification time of a pipeline file and of the files it names, to tell cheaply whether any changed since
 * the last scan (then the file is read and its version computed again). Immutable.
 */
record FileStamps(List<Stamp> stamps) {
    /** One file's size and modification time (-1 when missing). */
    record Stamp(Path file, long size, long modified) {
        static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(file, a.size(), a.lastModifiedTime().toMillis());
            } catch (IOException e) {
                return new Stamp(file, -1, -1);
            }
        }
    }

    FileStamps {
        stamps = List.copyOf(stamps);
    }

    static FileStamps of(Path pipelineFile, Collection<Path> named) {
        List<Stamp> out = new ArrayList<>();
        out.add(Stamp.of(pipelineFile));
        for (Path p : named) out.add(Stamp.of(p));
        return new FileStamps(out);
    }

    /** True when every file still has its size and modification time. */
    boolean unchanged() {
        for (Stamp s : stamps) {
            if (!Stamp.of(s.file()).equals(s)) return false;
        }
        return true;
    }
}
