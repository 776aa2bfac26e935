package dev.sluice.ml.model.xgb;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Loads XGBoost's native library from a file beside the application jar when one is there, instead of letting
 * XGBoost4J unpack the copy inside the jar to a temporary file in every process (17.7 MB written and then loaded:
 * 0.15–0.2 s; loaded in place: about 10 ms). The build puts the file there ({@code sluice-cli/target/lib/<os>/<arch>/}),
 * at the same path the jar holds it under.
 *
 * <p>The file is used only when its size equals the jar's copy (a file left from another XGBoost version is
 * ignored). XGBoost4J has no option to load from a folder, so after loading the library this marks XGBoost4J's
 * loader as done (its private {@code initialized} flag, under the lock its own loading takes); when any of this
 * is not possible, XGBoost4J loads its own copy as usual. Idempotent and thread-safe; call it before the first
 * use of XGBoost.
 */
public final class XgbNative {
    private static final Logger LOG = LoggerFactory.getLogger(XgbNative.class);
    private static final String LOADER = "ml.dmlc.xgboost4j.java.NativeLibLoader";
    private static volatile boolean done;

    private XgbNative() {
    }

    /** Loads the library beside the jar if there is a matching one; otherwise leaves loading to XGBoost4J. */
    public static void load() {
        if (done) return;
        synchronized (XgbNative.class) {
            if (done) return;
            done = true;
            try {
                Optional<Path> file = besideJar();
                if (file.isEmpty()) return;
                Class<?> loader = Class.forName(LOADER, true, XgbNative.class.getClassLoader());
                Field initialized = loader.getDeclaredField("initialized");
                initialized.setAccessible(true);
                synchronized (loader) {   // XGBoost4J's loading is a static synchronized method of this class
                    if (initialized.getBoolean(null)) return;
                    System.load(file.get().toString());
                    initialized.setBoolean(null, true);
                }
                LOG.debug("XGBoost's native library loaded from {}", file.get());
            } catch (ReflectiveOperationException | RuntimeException | LinkageError | IOException | URISyntaxException e) {
                LOG.debug("XGBoost's native library is loaded from the jar: {}", e.toString());
            }
        }
    }

    /** The library file beside the jar this class came from, when it matches the jar's own copy. */
    private static Optional<Path> besideJar() throws IOException, URISyntaxException {
        Optional<String> resource = resourcePath();
        if (resource.isEmpty()) return Optional.empty();
        URL inJar = XgbNative.class.getResource("/" + resource.get());
        if (inJar == null || !"jar".equals(inJar.getProtocol())) return Optional.empty();
        JarURLConnection c = (JarURLConnection) inJar.openConnection();
        c.setUseCaches(true);
        long size = c.getJarEntry().getSize();
        Path jar = Path.of(c.getJarFileURL().toURI());
        Path file = jar.resolveSibling(resource.get());
        return Files.isRegularFile(file) && Files.size(file) == size ? Optional.of(file) : Optional.empty();
    }

    /** {@code lib/<os>/<arch>/libxgboost4j.so} as XGBoost4J names it, for the platforms it ships a library for. */
    static Optional<String> resourcePath() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> "";
        };
        if (!os.contains("linux") || arch.isEmpty()) return Optional.empty();
        return Optional.of("lib/linux/" + arch + "/" + System.mapLibraryName("xgboost4j"));
    }
}
