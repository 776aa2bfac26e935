package dev.sluice.meta;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Small tmpfs mounts for tests of a full disk: real ENOSPC from the kernel. Mounting needs root (CI runs as root);
 * without it the test is skipped with that reason. Close it to unmount. Not thread-safe.
 */
public final class Tmpfs implements AutoCloseable {
    private final List<Path> mounts = new ArrayList<>();

    /** Mounts a tmpfs of {@code size} (e.g. {@code 2m}) on {@code dir}, creating the folder. */
    public Path mount(Path dir, String size) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int code;
        try {
            code = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            code = -1;
        }
        Assumptions.assumeTrue(code == 0, "a full disk is simulated with a small tmpfs; mounting one needs root and mount(8)");
        mounts.add(dir);
        return dir;
    }

    /** Writes {@code file} until the disk is full; returns its size. */
    public static long fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        long n = 0;
        try (var out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                n += block.length;
            }
        } catch (IOException full) {
            return n;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Path m : mounts.reversed()) {
            new ProcessBuilder("umount", "-l", m.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
        mounts.clear();
    }
}
