package dev.sluice.server.trigger;

import dev.sluice.api.DefinitionException;
import dev.sluice.meta.RunTrigger;
import dev.sluice.pipeline.TriggerSpec;
import dev.sluice.server.queue.QueueEntry;
import dev.sluice.server.queue.QueueException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The data-arrival triggers ({@code data: {folder, glob, param, stable_seconds | marker}}): one thread lists every
 * watched folder each poll (no inotify, so it works on network and container mounts alike). A regular file that
 * matches the glob is taken once it is stable: its size and modification time were the same at two polls
 * {@code stable_seconds} apart (by the settings' clock), or, with a {@code marker}, the file {@code NAME + marker}
 * exists. A taken file is identified by the SHA-256 of its content; the pair (trigger, digest) is unique in the
 * database ({@code server_data_files}), so the same content, under its own name again or under another, starts one
 * run, whichever server sees it. The run gets the file's absolute path as the trigger's parameter. A paused trigger
 * ({@link TriggerStates}) is not listed; a file that landed meanwhile and is still there is taken after the resume,
 * as a restarted server would take it. Thread-safe.
 */
public final class DataWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataWatcher.class);

    private final TriggeredRuns runs;
    private final Clock clock;
    private final java.util.function.BooleanSupplier accepting;
    private final PollingThread thread;
    /** What each watched file looked like, by trigger key and path; a file taken (or refused) is {@code done}. */
    private final Map<String, Seen> seen = new HashMap<>();
    private final Set<String> warned = new HashSet<>();
    private final AtomicLong polls = new AtomicLong();
    private final S3Prefixes s3;

    private record Seen(long size, long mtime, Instant since, boolean done) {}

    public DataWatcher(TriggeredRuns runs, Clock clock, java.util.function.BooleanSupplier accepting) {
        this(runs, clock, accepting, name -> Optional.ofNullable(System.getenv(name)));
    }

    /** With the environment the S3 settings of {@code prefix:} triggers are read from. */
    public DataWatcher(TriggeredRuns runs, Clock clock, java.util.function.BooleanSupplier accepting,
                       java.util.function.Function<String, Optional<String>> environment) {
        this.s3 = new S3Prefixes(environment);
        this.runs = runs;
        this.clock = clock;
        this.accepting = accepting;
        this.thread = new PollingThread("sluice-data-watcher");
    }

    /** Starts polling every {@code every}. */
    public void start(Duration every) {
        thread.start(Duration.ZERO, every, this::poll, LOG, "watching the data folders");
    }

    /** How many polls have ended (tests wait for polls instead of for time). */
    public long polls() {
        return polls.get();
    }

    /** Lists every watched folder once and queues the runs of the files found stable. */
    synchronized void poll() {
        Set<String> present = new HashSet<>();
        if (accepting.getAsBoolean()) {
            Map<String, TriggerStates.State> states = runs.states().all();
            for (TriggeredRuns.Found<TriggerSpec.DataArrival> f : runs.all(TriggerSpec.DataArrival.class)) {
                String key = TriggerStates.key(f.version().name(), f.trigger().name());
                TriggerStates.State state = states.get(key);
                if (state != null && state.paused()) { // nothing queued; what it saw is kept for the resume
                    for (String at : seen.keySet()) if (at.startsWith(key + "\n")) present.add(at);
                    continue;
                }
                watch(f, present);
            }
            seen.keySet().retainAll(present);
        }
        polls.incrementAndGet();
    }

    private void watch(TriggeredRuns.Found<TriggerSpec.DataArrival> f, Set<String> present) {
        TriggerSpec.DataArrival t = f.trigger();
        String key = f.version().name() + "/" + t.name();
        if (t.objectStore()) {
            watchPrefix(f, key, present);
            return;
        }
        Path folder = f.version().baseDir().resolve(t.folder()).normalize();
        if (!Files.isDirectory(folder)) {
            if (warned.add(key + ":" + folder)) {
                LOG.warn("data trigger {} watches {}, which is not a folder (yet); create it to start watching", key, folder);
            }
            return;
        }
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + t.glob());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") && !t.glob().startsWith(".")) continue; // editors' and copiers' temporary files
                if (t.marker().isPresent() && name.endsWith(t.marker().get())) continue;
                if (!glob.matches(file.getFileName())) continue;
                String at = key + "\n" + file;
                present.add(at);
                look(f, key, at, file);
            }
        } catch (IOException e) {
            LOG.warn("data trigger {} cannot list {}: {}", key, folder, e.toString());
        }
    }

    private void look(TriggeredRuns.Found<TriggerSpec.DataArrival> f, String key, String at, Path file) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException gone) {
            return;
        }
        if (!a.isRegularFile()) return; // links and folders are not data that landed here
        Instant now = clock.instant();
        Seen before = seen.get(at);
        long size = a.size();
        long mtime = a.lastModifiedTime().toMillis();
        if (before == null || before.size != size || before.mtime != mtime) {
            seen.put(at, new Seen(size, mtime, now, false));
            if (before != null || !ready(f.trigger(), file, null, now)) return;
            before = seen.get(at);
        }
        if (before.done || !ready(f.trigger(), file, before, now)) return;
        if (take(f, key, file)) seen.put(at, new Seen(size, mtime, before.since, true));
    }

    /** With a marker: the marker exists. Else: unchanged since the previous poll, for {@code stable_seconds}. */
    private static boolean ready(TriggerSpec.DataArrival t, Path file, Seen unchangedSince, Instant now) {
        if (t.marker().isPresent()) return Files.exists(file.resolveSibling(file.getFileName() + t.marker().get()));
        return unchangedSince != null && !now.isBefore(unchangedSince.since.plusSeconds(t.stableSeconds()));
    }

    /** Queues the file's run unless its content was seen; false when that could not be decided (tried again). */
    private boolean take(TriggeredRuns.Found<TriggerSpec.DataArrival> f, String key, Path file) throws IOException {
        TriggerSpec.DataArrival t = f.trigger();
        String digest = digest(file);
        String path = file.toAbsolutePath().toString();
        try {
            Optional<QueueEntry> e = runs.queue(f.version(), Map.of(t.param(), path), RunTrigger.data(t.name(), digest, path),
                    "data:" + key, TriggeredRuns.dataFile(f.version().name(), t.name(), digest, path));
            if (e.isPresent()) LOG.info("data trigger {}: {} ({}) queued run {}", key, file.getFileName(), digest, e.get().runId());
            else LOG.info("data trigger {}: {} has content seen before ({}); no run", key, file.getFileName(), digest);
        } catch (DefinitionException | QueueException ex) {
            LOG.warn("data trigger {}: {} queued no run: {}", key, file.getFileName(), ex.getMessage());
        } catch (RuntimeException ex) {
            LOG.warn("data trigger {}: {} is tried again at the next poll: {}", key, file.getFileName(), ex.toString());
            return false;
        }
        return true;
    }

    /**
     * An {@code s3://} prefix: each object directly under it that matches the glob is taken at once (an upload is
     * atomic), once per content, with its {@code s3://} URI as the parameter; one seen before with the same size and
     * time is not read again.
     */
    private void watchPrefix(TriggeredRuns.Found<TriggerSpec.DataArrival> f, String key, Set<String> present) {
        TriggerSpec.DataArrival t = f.trigger();
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + t.glob());
        List<S3Prefixes.Found> objects;
        try {
            objects = s3.list(t.folder());
        } catch (RuntimeException e) {
            if (warned.add(key + ":" + t.folder())) {
                LOG.warn("data trigger {} cannot list {}: {}; check the AWS_* settings of the server", key, t.folder(), e.toString());
            }
            return;
        }
        for (S3Prefixes.Found o : objects) {
            if (o.name().startsWith(".") && !t.glob().startsWith(".")) continue;
            if (!glob.matches(Path.of(o.name()))) continue;
            String at = key + "\n" + o.uri();
            present.add(at);
            long modified = o.modified() == null ? 0 : o.modified().toEpochMilli();
            Seen before = seen.get(at);
            if (before != null && before.done && before.size == o.size() && before.mtime == modified) continue;
            try {
                String digest = s3.digest(o);
                if (queue(f, key, o.name(), o.uri(), digest)) seen.put(at, new Seen(o.size(), modified, clock.instant(), true));
            } catch (IOException | RuntimeException e) {
                LOG.warn("data trigger {}: {} is tried again at the next poll: {}", key, o.uri(), e.toString());
            }
        }
    }

    /** Queues the run of one object; false when that could not be decided (tried again). */
    private boolean queue(TriggeredRuns.Found<TriggerSpec.DataArrival> f, String key, String name, String uri, String digest) {
        TriggerSpec.DataArrival t = f.trigger();
        try {
            Optional<QueueEntry> e = runs.queue(f.version(), Map.of(t.param(), uri), RunTrigger.data(t.name(), digest, uri),
                    "data:" + key, TriggeredRuns.dataFile(f.version().name(), t.name(), digest, uri));
            if (e.isPresent()) LOG.info("data trigger {}: {} ({}) queued run {}", key, name, digest, e.get().runId());
            else LOG.info("data trigger {}: {} has content seen before ({}); no run", key, name, digest);
        } catch (DefinitionException | QueueException ex) {
            LOG.warn("data trigger {}: {} queued no run: {}", key, name, ex.getMessage());
        } catch (RuntimeException ex) {
            LOG.warn("data trigger {}: {} is tried again at the next poll: {}", key, name, ex.toString());
            return false;
        }
        return true;
    }

    /** {@code sha256:<hex>} of the file's bytes. */
    static String digest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return ContentSha.of(in);
        }
    }

    @Override
    public void close() {
        thread.stop();
        s3.close();
    }

    /** For messages: the triggers watched now. */
    List<String> watched() {
        return runs.all(TriggerSpec.DataArrival.class).stream().map(f -> f.version().name() + "/" + f.trigger().name()).toList();
    }
}
