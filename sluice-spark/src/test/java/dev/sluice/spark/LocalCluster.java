package dev.sluice.spark;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Spark standalone cluster on 127.0.0.1 made of child JVMs started from the Maven jars of this test's class path: a
 * SPARK_HOME whose {@code jars/} links to them (workers launch executors from it), one master and N workers of one core.
 * No downloaded distribution. {@link #close} kills every process it started, executors included.
 */
final class LocalCluster implements AutoCloseable {
    private final Path home;
    private final Path logs;
    private final int port;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();

    private LocalCluster(Path home, Path logs, int port, Process master) {
        this.home = home;
        this.logs = logs;
        this.port = port;
        this.master = master;
    }

    static LocalCluster start(Path dir, int workers) throws Exception {
        Path home = dir.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p) && !Files.exists(jars.resolve(p.getFileName()))) {
                Files.createSymbolicLink(jars.resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
        Files.createDirectories(home.resolve("conf"));
        Path logs = Files.createDirectories(dir.resolve("cluster-logs"));
        int port = freePort();
        Process master = launch(home, logs.resolve("master.log"), "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort()));
        LocalCluster c = new LocalCluster(home, logs, port, master);
        c.awaitLog(logs.resolve("master.log"), "I have been elected leader", master);
        for (int i = 0; i < workers; i++) c.addWorker(i);
        return c;
    }

    String url() {
        return "spark://127.0.0.1:" + port;
    }

    private void addWorker(int i) throws Exception {
        Path log = logs.resolve("worker-" + i + ".log");
        Process w = launch(home, log, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                "--memory", "1g", "--webui-port", String.valueOf(freePort()),
                "--work-dir", Files.createDirectories(logs.resolve("work-" + i)).toString(), url());
        workers.add(w);
        awaitLog(log, "Successfully registered with master", w);
    }

    /** Kills a worker and the executor it launched, as a lost machine would (SIGKILL). */
    void killWorker(int i) {
        Process w = workers.get(i);
        w.descendants().forEach(ProcessHandle::destroyForcibly);
        w.destroyForcibly();
    }

    /** The worker that launched this executor (its work folder holds the executor's), or -1. */
    int workerOf(String executorId) {
        for (int i = 0; i < workers.size(); i++) {
            try (var apps = Files.list(logs.resolve("work-" + i))) {
                if (apps.anyMatch(app -> Files.isDirectory(app.resolve(executorId)))) return i;
            } catch (IOException e) {
                return -1;
            }
        }
        return -1;
    }

    Path logs() {
        return logs;
    }

    private static Process launch(Path home, Path log, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", home.resolve("jars") + File.separator + "*", main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        return pb.start();
    }

    /** Waits for a line in the process's log: how Spark's own scripts know a daemon is up. */
    private void awaitLog(Path log, String line, Process p) throws Exception {
        Instant end = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(end)) {
            if (Files.exists(log) && Files.readString(log).contains(line)) return;
            if (!p.isAlive()) throw new IllegalStateException("exited before '" + line + "':\n" + Files.readString(log));
            Thread.sleep(200);
        }
        throw new IllegalStateException("no '" + line + "' in " + log + " after 3 minutes:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process w : workers) {
            w.descendants().forEach(ProcessHandle::destroyForcibly);
            w.destroyForcibly();
        }
        master.destroyForcibly();
    }
}
