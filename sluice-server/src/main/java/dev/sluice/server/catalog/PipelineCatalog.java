package dev.sluice.server.catalog;

import dev.sluice.api.DefinitionException;
import dev.sluice.api.Problem;
import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.yaml.YamlPipelineLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's pipeline registry. {@link #scan} reads the watched folders: a file whose content (or a file it names)
 * changed is loaded and validated; a valid one is registered as a new version of its pipeline (by name) and becomes
 * its latest; an invalid one is listed with every problem ({@link #invalid}) and registers nothing. A pipeline can
 * also be submitted as YAML text ({@link #submit}). Versions live in the database, so every server on it sees them.
 * Thread-safe.
 */
public final class PipelineCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineCatalog.class);
    private static final int MAX_CACHED_SPECS = 256;

    private final VersionStore store;
    private final Definitions definitions;
    private final PipelineFolders folders;
    private final Path submitted;
    private final YamlPipelineLoader loader = new YamlPipelineLoader();
    /** What each file was when last scanned, so unchanged files cost a stat. Guarded by this. */
    private final Map<Path, Outcome> outcomes = new HashMap<>();
    private final Map<String, PipelineSpec> specs = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PipelineSpec> e) {
                    return size() > MAX_CACHED_SPECS;
                }
            });
    private volatile List<InvalidFile> invalid = List.of();

    /** A file's stamp and what it gave: a version, or problems. */
    private record Outcome(FileStamps stamps, Optional<PipelineVersion> version, List<Problem> problems) {}

    /** Why a pipeline could not be submitted in a request. */
    public static final class ConflictException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ConflictException(String message) {
            super(message);
        }
    }

    /**
     * @param folders the folders (or files) to scan, as the user gave them
     * @param home    the workspace; pipelines submitted in requests are kept under {@code home/server/submitted/}
     */
    public PipelineCatalog(dev.sluice.meta.MetadataSql sql, Definitions definitions, List<Path> folders, Path home) {
        this.store = new VersionStore(sql);
        this.definitions = definitions;
        this.folders = new PipelineFolders(folders);
        this.submitted = home.resolve("server").resolve("submitted");
    }

    public Definitions definitions() {
        return definitions;
    }

    /** Reads the folders again; returns the versions registered by this scan. */
    public synchronized List<PipelineVersion> scan() {
        List<PipelineVersion> added = new ArrayList<>();
        List<InvalidFile> bad = new ArrayList<>();
        Map<String, Path> owners = new HashMap<>();
        Map<Path, Outcome> next = new HashMap<>();
        for (PipelineFolders.Found f : folders.list()) {
            Outcome before = outcomes.get(f.file());
            Outcome o = before != null && before.stamps().unchanged() ? before : load(f, added);
            next.put(f.file(), o);
            Optional<Path> owner = o.version().map(v -> owners.putIfAbsent(v.name(), f.file()));
            List<Problem> problems = new ArrayList<>(o.problems());
            if (owner.isPresent()) {
                problems.add(new Problem(Optional.empty(), "pipeline", "pipeline '" + o.version().get().name()
                        + "' is also defined in " + owner.get() + ", which was registered under that name",
                        "Give each pipeline file its own name (pipeline: NAME)."));
            }
            if (!problems.isEmpty()) bad.add(new InvalidFile(Path.of(f.shown()), problems));
        }
        outcomes.clear();
        outcomes.putAll(next);
        invalid = List.copyOf(bad);
        return added;
    }

    private Outcome load(PipelineFolders.Found f, List<PipelineVersion> added) {
        FileStamps stamps = FileStamps.of(f.file(), List.of());
        String yaml;
        try {
            yaml = Files.readString(f.file());
        } catch (IOException e) {
            return new Outcome(stamps, Optional.empty(), List.of(new Problem(Optional.empty(), "", "cannot read "
                    + f.shown() + ": " + e.getMessage(), "Check that the file is readable UTF-8 text.")));
        }
        Path base = f.file().getParent();
        PipelineSpec spec = loader.parse(yaml, f.shown(), base, f.file());
        stamps = FileStamps.of(f.file(), VersionDigest.namedFiles(spec).values());
        try {
            definitions.validateShape(spec);
        } catch (DefinitionException e) {
            logInvalid(f, e.problems());
            return new Outcome(stamps, Optional.empty(), e.problems());
        }
        VersionDigest.Fingerprint fp = VersionDigest.of(spec, yaml);
        PipelineVersion v = new PipelineVersion(spec.name(), fp.digest(), VersionDigest.textDigest(yaml),
                f.file().toString(), Optional.of(f.file()), base, yaml, fp.files(), Instant.now());
        if (store.register(v)) {
            LOG.info("registered pipeline '{}' version {} from {}", v.name(), v.shortDigest(), f.shown());
            added.add(v);
        }
        specs.put(v.digest(), spec);
        return new Outcome(stamps, Optional.of(v), List.of());
    }

    private static void logInvalid(PipelineFolders.Found f, List<Problem> problems) {
        LOG.warn("{} is not registered: {} problem(s), first: {}", f.shown(), problems.size(),
                problems.isEmpty() ? "" : problems.getFirst().format());
    }

    /** The files of the watched folders that are not registered, with their problems (as of the last scan). */
    public List<InvalidFile> invalid() {
        return invalid;
    }

    /** The latest version of each registered pipeline, by name. */
    public List<PipelineVersion> latest() {
        return store.latest();
    }

    /** Every version of a pipeline, newest first (empty for an unknown name). */
    public List<PipelineVersion> versions(String name) {
        return store.versions(name);
    }

    /** A version by digest, a unique prefix of one, or {@code latest}. */
    public Optional<PipelineVersion> version(String name, String digest) {
        return store.version(name, digest);
    }

    /** The loaded spec of a version (cached by digest). */
    public PipelineSpec spec(PipelineVersion v) {
        return specs.computeIfAbsent(v.digest(), d -> {
            Path source = v.file().orElse(v.baseDir().resolve(hex(d) + ".yaml"));
            return loader.parse(v.yaml(), v.file().map(Path::toString).orElse(v.source()), v.baseDir(), source);
        });
    }

    /** The files of a version that changed on disk since it was registered (a run of it would not be that version). */
    public List<String> changedFiles(PipelineVersion v) {
        List<String> changed = new ArrayList<>();
        v.files().forEach((rel, digest) -> {
            Path p = v.baseDir().resolve(rel).normalize();
            try {
                if (!Files.isRegularFile(p) || !VersionDigest.fileDigest(p).equals(digest)) changed.add(rel);
            } catch (UncheckedIOException e) {
                changed.add(rel);
            }
        });
        return changed;
    }

    /**
     * Registers a pipeline given as YAML text (a CI system's request). Its relative paths resolve against
     * {@code home/server/submitted/}.
     *
     * @throws DefinitionException with every problem, when it is not valid
     * @throws ConflictException   when its name belongs to a pipeline file in a watched folder
     */
    public PipelineVersion submit(String yaml, String caller) {
        PipelineSpec spec = loader.parse(yaml, "request", submitted.toAbsolutePath());
        definitions.validateShape(spec);
        Optional<PipelineVersion> latest = store.version(spec.name(), "latest");
        if (latest.isPresent() && latest.get().file().isPresent()) {
            throw new ConflictException("pipeline '" + spec.name() + "' comes from " + latest.get().source()
                    + "; change that file instead, or give the submitted pipeline another name");
        }
        VersionDigest.Fingerprint fp = VersionDigest.of(spec, yaml);
        Path file = submitted.resolve(hex(fp.digest()) + ".yaml");
        writeAtomically(file, yaml);
        PipelineVersion v = new PipelineVersion(spec.name(), fp.digest(), VersionDigest.textDigest(yaml), "api:" + caller,
                Optional.empty(), submitted.toAbsolutePath(), yaml, fp.files(), Instant.now());
        if (store.register(v)) LOG.info("registered pipeline '{}' version {} from a request by {}", v.name(), v.shortDigest(), caller);
        return store.version(v.name(), v.digest()).orElse(v);
    }

    private static void writeAtomically(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".submitted-", ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the submitted pipeline in " + file + ": " + e.getMessage(), e);
        }
    }

    static String hex(String digest) {
        return digest.startsWith("sha256:") ? digest.substring(7) : digest;
    }
}
