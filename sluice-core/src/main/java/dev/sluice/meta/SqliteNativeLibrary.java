package dev.sluice.meta;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Keeps SQLite's JNI library extracted in the user's cache folder ({@code $XDG_CACHE_HOME/sluice/native/} or
 * {@code ~/.cache/sluice/native/}, one folder per sqlite-jdbc version and platform) and points sqlite-jdbc at
 * it. Left alone, sqlite-jdbc inflates the ~1 MB library out of the jar into the temporary folder and reads it
 * back to compare on every start of the JVM (about 40 ms of CPU per {@code sluice} command). The copy is written
 * to a temporary file and renamed into place, and used only when its size matches the jar's. Anything unusual
 * (the property set by the user, no home folder, a read-only cache) leaves sqlite-jdbc to its own extraction.
 * Thread-safe; {@link #prepare} acts once per JVM.
 */
final class SqliteNativeLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";
    private static volatile boolean prepared;

    private SqliteNativeLibrary() {}

    /** Points sqlite-jdbc at the cached library, extracting it first if needed; quiet when it cannot. */
    static void prepare() {
        if (prepared) return;
        synchronized (SqliteNativeLibrary.class) {
            if (prepared) return;
            prepared = true;
            if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) return;
            try {
                Path cacheRoot = cacheRoot(System.getenv());
                if (cacheRoot == null) return;
                String resourceDir = LibraryLoaderUtil.getNativeLibResourcePath(); // e.g. /org/sqlite/native/Linux/x86_64
                String name = LibraryLoaderUtil.getNativeLibName();
                URL resource = SQLiteJDBCLoader.class.getResource(resourceDir + "/" + name);
                if (resource == null) return;
                Path dir = cacheRoot.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion()
                        + resourceDir.replace("/org/sqlite/native", "").replace('/', '-'));
                Path library = dir.resolve(name);
                if (!sameSize(library, resource)) extract(resource, dir, library);
                System.setProperty(PATH_PROPERTY, dir.toString());
                System.setProperty(NAME_PROPERTY, name);
            } catch (IOException | RuntimeException e) {
                LOG.debug("SQLite's native library stays with sqlite-jdbc's own extraction: {}", e.toString());
            }
        }
    }

    /** {@code $XDG_CACHE_HOME/sluice/native}, else {@code ~/.cache/sluice/native}; null without either. */
    static Path cacheRoot(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg, "sluice", "native");
        String home = System.getProperty("user.home");
        if (home == null || home.isBlank() || home.equals("?")) return null;
        return Path.of(home, ".cache", "sluice", "native");
    }

    private static boolean sameSize(Path library, URL resource) throws IOException {
        if (!Files.isRegularFile(library)) return false;
        URLConnection c = resource.openConnection();
        c.setUseCaches(false);
        long expected = c.getContentLengthLong();
        return expected > 0 && Files.size(library) == expected;
    }

    private static void extract(URL resource, Path dir, Path library) throws IOException {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, library.getFileName().toString(), ".tmp");
        try {
            try (InputStream in = resource.openStream()) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(temp, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
