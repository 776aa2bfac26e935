package dev.sluice.ml.model.xgb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@link XgbNative} in a child JVM whose XGBoost4J jar has (or has not) the native library beside it: the child
 * trains a model and prints the library file its process mapped, from {@code /proc/self/maps}.
 */
class XgbNativeTest {
    /** The child: loads, trains two rounds, prints the path of the mapped libxgboost4j. */
    public static void main(String[] args) throws Exception {
        XgbNative.load();
        float[] x = {0, 1, 1, 0, 1, 1, 0, 0};
        new XgbTrainer().train(new XgbParams(2, 0.3, 2, 0, 1, 1, 1, 1, "hist", 1), 2,
                new XgbTrainer.Dataset(x, 4, 2, new float[] {1, 1, 0, 0}), Optional.empty(), 1);
        Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains("libxgboost4j"))
                .map(l -> l.substring(l.indexOf('/'))).distinct().forEach(System.out::println);
    }

    @Test
    void theLibraryBesideTheJarIsLoadedInPlace(@TempDir Path dir) throws Exception {
        String resource = resourceOrSkip();
        Path jar = copyXgboostJar(dir);
        Path beside = jar.resolveSibling(resource);
        unpack(jar, resource, beside);
        assertThat(childMaps(jar)).containsExactly(beside.toRealPath().toString());
    }

    @Test
    void aLibraryOfAnotherSizeIsIgnoredAndTheJarsCopyIsUsed(@TempDir Path dir) throws Exception {
        String resource = resourceOrSkip();
        Path jar = copyXgboostJar(dir);
        Path beside = jar.resolveSibling(resource);
        Files.createDirectories(beside.getParent());
        Files.write(beside, new byte[] {0x7f, 'E', 'L', 'F'});   // not a library: loading it would fail the child
        List<String> mapped = childMaps(jar);
        assertThat(mapped).hasSize(1);
        assertThat(mapped.get(0)).doesNotStartWith(dir.toRealPath().toString());
    }

    private static String resourceOrSkip() {
        assumeThat(Path.of("/proc/self/maps")).exists();
        Optional<String> resource = XgbNative.resourcePath();
        assumeThat(resource).isPresent();
        return resource.get();
    }

    private static Path xgboostJar() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().startsWith("xgboost4j_")) return Path.of(entry);
        }
        throw new AssertionError("no xgboost4j jar on the test class path");
    }

    private static Path copyXgboostJar(Path dir) throws IOException {
        Path jar = dir.resolve("xgboost4j.jar");
        Files.copy(xgboostJar(), jar);
        return jar;
    }

    private static void unpack(Path jar, String resource, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (JarFile f = new JarFile(jar.toFile()); InputStream in = f.getInputStream(f.getJarEntry(resource))) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Runs {@link #main} with {@code jar} in place of the XGBoost4J jar; returns the library files it mapped. */
    private static List<String> childMaps(Path jar) throws Exception {
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.add(Path.of(entry).equals(xgboostJar()) ? jar.toString() : entry);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                String.join(File.pathSeparator, classPath), XgbNativeTest.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("child output: %s", lines).isZero();
        return lines;
    }
}
