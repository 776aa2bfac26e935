package dev.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where {@code sluice report -o FILE} writes: a regular file is replaced atomically and keeps its mode, a new
 * file gets the mode the umask gives, a symbolic link stays and its target is replaced, a device or a pipe is
 * written as it is (never replaced), and a folder or a missing folder is a clear usage error.
 */
class ReportOutputTest {
    private static final String PIPELINE = """
            pipeline: report
            steps:
              load: {uses: file, with: {path: words.txt}}
              count: {uses: count, inputs: {in: load.file}}
            """;

    @TempDir
    Path home;

    @TempDir
    Path work;

    private Cli cli;
    private String run;

    @BeforeEach
    void recordOneRun() throws IOException {
        Files.writeString(work.resolve("words.txt"), "alpha\nbeta\n");
        Files.writeString(work.resolve("p.yaml"), PIPELINE);
        cli = new Cli(work, Map.of("SLUICE_HOME", home.toString()));
        Cli.Result r = cli.run("run", "p.yaml", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        run = new ObjectMapper().readTree(r.out()).get("run_id").asText();
    }

    private String wrote(String name) {
        return "wrote " + name + " (run " + run + " of report, succeeded)\n";
    }

    @Test
    void anExistingFileIsReplacedAndKeepsItsMode() throws IOException {
        Path file = Files.writeString(work.resolve("page.html"), "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        Cli.Result r = cli.run("report", run, "-o", "page.html");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(wrote("page.html"));
        assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        try (var left = Files.list(work)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("words.txt", "p.yaml", "page.html");
        }
    }

    @Test
    void aNewFileGetsTheModeTheUmaskGives() throws IOException {
        Path probe = Files.createFile(work.resolve("probe")); // created as any program creates a file: 0666 minus the umask

        assertThat(cli.run("report", run, "-o", "new.html").code()).isZero();

        assertThat(Files.getPosixFilePermissions(work.resolve("new.html"))).isEqualTo(Files.getPosixFilePermissions(probe));
    }

    @Test
    void aSymbolicLinkStaysAndItsTargetIsReplaced() throws IOException {
        Path elsewhere = Files.createDirectory(work.resolve("elsewhere"));
        Path target = Files.writeString(elsewhere.resolve("target.html"), "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw----"));
        Path link = Files.createSymbolicLink(work.resolve("link.html"), Path.of("elsewhere/target.html"));

        Cli.Result r = cli.run("report", run, "-o", "link.html");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("elsewhere/target.html"));
        assertThat(Files.readString(target)).startsWith("<!DOCTYPE html>");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-rw----");
        try (var left = Files.list(elsewhere)) {
            assertThat(left).containsExactly(target); // no temporary file left beside the target
        }
    }

    @Test
    void aDanglingSymbolicLinkGetsItsTargetCreated() throws IOException {
        Path link = Files.createSymbolicLink(work.resolve("link.html"), Path.of("made.html"));

        assertThat(cli.run("report", run, "-o", "link.html").code()).isZero();

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(work.resolve("made.html"))).startsWith("<!DOCTYPE html>");
    }

    @Test
    void aNamedPipeIsWrittenNotReplaced() throws Exception {
        Path fifo = work.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });

        Cli.Result r = cli.run("report", run, "-o", "pipe");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo(wrote("pipe")); // what went into the pipe is the page alone
        assertThat(read.get(2, TimeUnit.MINUTES)).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(Files.readAttributes(fifo, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther())
                .as("still a pipe").isTrue();
    }

    @Test
    void devNullIsWrittenIntoAndStaysADevice() throws IOException {
        Cli.Result r = cli.run("report", run, "-o", "/dev/null");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo(wrote("/dev/null"));
        assertThat(Files.readAttributes(Path.of("/dev/null"), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther())
                .isTrue();
    }

    @Test
    void aFullDeviceIsAClearErrorAndStaysADevice() throws IOException {
        Cli.Result r = cli.run("report", run, "-o", "/dev/full");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("sluice report: cannot write /dev/full: no space left on the device; free some space,"
                + " or choose another file with -o\n");
        assertThat(Files.readAttributes(Path.of("/dev/full"), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther())
                .isTrue();
    }

    @Test
    void aFolderIsRefused() throws IOException {
        Path folder = Files.createDirectory(work.resolve("out"));

        Cli.Result r = cli.run("report", run, "-o", "out");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("sluice report: cannot write out: it is a folder; name a file inside it,"
                + " or choose another file with -o\n");
        assertThat(folder).isEmptyDirectory();
    }

    @Test
    void aMissingFolderIsAClearUsageError() {
        Cli.Result r = cli.run("report", run, "-o", "nosuch/page.html");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("sluice report: cannot write nosuch/page.html: the folder " + work.resolve("nosuch")
                + " does not exist; create it first, or choose another file with -o\n");
    }
}
