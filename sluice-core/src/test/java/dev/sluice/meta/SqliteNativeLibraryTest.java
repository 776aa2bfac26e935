package dev.sluice.meta;

import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQLite's JNI library is kept in the user's cache folder, a whole copy of the jar's, and sqlite-jdbc is pointed at
 * it (so a {@code sluice} command does not inflate a megabyte into /tmp on every start).
 */
class SqliteNativeLibraryTest {
    private static final String HOME = System.getProperty("user.home");

    @Test
    void theCacheIsUnderXdgCacheHomeWhenItIsAnAbsolutePathElseUnderTheHomeFolder() {
        assertThat(SqliteNativeLibrary.cacheRoot(Map.of("XDG_CACHE_HOME", "/var/cache/me")))
                .isEqualTo(Path.of("/var/cache/me/sluice/native"));
        Path underHome = Path.of(HOME, ".cache", "sluice", "native");
        assertThat(SqliteNativeLibrary.cacheRoot(Map.of())).isEqualTo(underHome);
        // a relative or blank XDG_CACHE_HOME is ignored, as the XDG specification says
        assertThat(SqliteNativeLibrary.cacheRoot(Map.of("XDG_CACHE_HOME", "cache"))).isEqualTo(underHome);
        assertThat(SqliteNativeLibrary.cacheRoot(Map.of("XDG_CACHE_HOME", " "))).isEqualTo(underHome);
    }

    @Test
    void sqliteJdbcLoadsAWholeCopyOfTheJarsLibraryFromTheCache() throws Exception {
        Path root = SqliteNativeLibrary.cacheRoot(System.getenv());
        SqliteNativeLibrary.prepare();

        String dir = System.getProperty("org.sqlite.lib.path");
        String name = System.getProperty("org.sqlite.lib.name");
        assertThat(name).isEqualTo(LibraryLoaderUtil.getNativeLibName());
        assertThat(Path.of(dir)).startsWith(root);
        assertThat(Path.of(dir).getFileName().toString()).startsWith("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-");
        URL jar = SQLiteJDBCLoader.class.getResource(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name);
        assertThat(Files.size(Path.of(dir, name))).isEqualTo(jar.openConnection().getContentLengthLong());
    }
}
