package dev.sluice.yaml;

import dev.sluice.api.DefinitionException;
import dev.sluice.api.Problem;
import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.pipeline.StepSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the pipeline files that steps use ({@code uses: pipeline:features.yaml}, relative to the using file's
 * folder), and theirs, each once per top-level load however many steps use it. A file that cannot be read and a
 * chain of files that leads back to one of its own ({@code a.yaml -> b.yaml -> a.yaml}) are problems at the
 * {@code uses:} that names them; problems inside a used file are that file's own, with its name, line and column.
 * One top-level load; not thread-safe.
 */
final class SubPipelineFiles {
    /** One file on the way from the top-level file to the one being loaded: its identity and its shown name. */
    record Link(Path identity, String shown) {}

    private final YamlPipelineLoader loader;
    private final Map<Path, PipelineSpec> loaded = new HashMap<>();

    SubPipelineFiles(YamlPipelineLoader loader) {
        this.loader = loader;
    }

    /** The real path of a file (symbolic links followed), or its normalized absolute path when it has none. */
    static Path identity(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException | SecurityException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    /**
     * {@code spec} with the pipelines its steps use; {@code chain} holds the files that led here (the top-level
     * file first), {@code shown} is how this spec's file is named in messages.
     */
    PipelineSpec resolve(PipelineSpec spec, String shown, List<Link> chain) {
        Map<String, PipelineSpec> subs = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (StepSpec step : spec.steps().values()) {
            String uses = step.uses().orElse("");
            if (!PipelineSpec.usesPipeline(uses)) continue;
            String at = "steps." + step.name() + ".uses";
            if (subs.containsKey(uses)) continue;
            Loaded r = load(spec, shown, chain, uses);
            if (r.spec() != null) subs.put(uses, r.spec());
            else problems.add(spec.problem(at, r.problem(), r.hint()));
        }
        return subs.isEmpty() && problems.isEmpty() ? spec : spec.withSubPipelines(subs, problems);
    }

    /** What loading one {@code uses:} gave: the spec, or a problem and its hint. */
    private record Loaded(PipelineSpec spec, String problem, String hint) {
        static Loaded failed(String problem, String hint) {
            return new Loaded(null, problem, hint);
        }
    }

    private Loaded load(PipelineSpec spec, String shown, List<Link> chain, String uses) {
        String relative = uses.substring(PipelineSpec.PIPELINE_PREFIX.length()).trim();
        if (relative.isEmpty()) {
            return Loaded.failed("uses: pipeline: names no file", "Write the pipeline file after it, relative to"
                    + " this file's folder, e.g. uses: pipeline:features.yaml");
        }
        Path file;
        try {
            file = spec.baseDir().resolve(relative).normalize();
        } catch (InvalidPathException e) {
            return Loaded.failed("'" + relative + "' is not a file name: " + e.getReason(),
                    "Write the pipeline file relative to this file's folder, e.g. uses: pipeline:features.yaml");
        }
        String name = shownName(shown, relative);
        if (!Files.isRegularFile(file)) {
            String what = Files.isDirectory(file) ? " is a folder, not a pipeline file" : " does not exist";
            return Loaded.failed("pipeline file " + name + what, "uses: pipeline:FILE is relative to the folder"
                    + " of the file that has it (" + spec.baseDir() + ").");
        }
        Path identity = identity(file);
        for (int i = 0; i < chain.size(); i++) {
            if (!chain.get(i).identity().equals(identity)) continue;
            List<String> names = new ArrayList<>(chain.subList(i, chain.size()).stream().map(Link::shown).toList());
            names.add(chain.get(i).shown());
            return Loaded.failed("pipeline files use each other in a cycle: " + String.join(" -> ", names),
                    "A pipeline cannot use itself, directly or through others; remove one of these uses: pipeline:.");
        }
        PipelineSpec known = loaded.get(identity);
        if (known != null) return new Loaded(known, "", "");
        PipelineSpec sub;
        try {
            sub = loader.loadOne(file, name);
        } catch (DefinitionException e) {
            Problem first = e.problems().getFirst();
            return Loaded.failed(first.message(), first.hint());
        }
        List<Link> longer = new ArrayList<>(chain);
        longer.add(new Link(identity, name));
        sub = resolve(sub, name, longer);
        loaded.put(identity, sub);
        return new Loaded(sub, "", "");
    }

    /** How a used file is named: beside the using file's shown name ({@code examples/a/p.yaml} uses {@code f.yaml}). */
    static String shownName(String usingFile, String relative) {
        try {
            Path rel = Path.of(relative);
            if (rel.isAbsolute()) return rel.normalize().toString();
            Path parent = Path.of(usingFile).getParent();
            return (parent == null ? rel : parent.resolve(rel)).normalize().toString();
        } catch (InvalidPathException e) {
            return relative;
        }
    }
}
