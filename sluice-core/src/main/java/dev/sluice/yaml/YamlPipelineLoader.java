package dev.sluice.yaml;

import dev.sluice.api.DefinitionException;
import dev.sluice.api.Problem;
import dev.sluice.api.SourceLocation;
import dev.sluice.pipeline.PipelineSpec;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a pipeline file into a {@link PipelineSpec}. Never stops at the first problem: YAML syntax
 * errors, unknown keys (with suggestions), values of the wrong shape, duplicate keys and lists or maps nested
 * deeper than 100 levels all land in {@link PipelineSpec#problems()} with their {@code FILE:LINE:COL}. Semantic checks (references,
 * cycles, components, bounds of values given to components) are left to
 * {@link dev.sluice.pipeline.PipelineValidator}, which finds each value's position in
 * {@link PipelineSpec#locations()}. Thread-safe: it holds no state between calls.
 *
 * <pre>{@code
 * PipelineSpec spec = new YamlPipelineLoader().load(Path.of("pipeline.yaml"));
 * spec.problems().forEach(p -> System.err.println(p.format()));
 * }</pre>
 */
public final class YamlPipelineLoader {

    /**
     * Reads {@code file} (UTF-8); locations name the file as given ({@code file.toString()}) and
     * relative paths resolve against its folder.
     *
     * @throws DefinitionException only when the file cannot be read at all (missing, a folder, not UTF-8)
     */
    public PipelineSpec load(Path file) {
        return load(file, file.toString());
    }

    /**
     * Like {@link #load(Path)}, showing {@code displayName} (e.g. the path as the user typed it) in locations.
     */
    public PipelineSpec load(Path file, String displayName) {
        return new SubPipelineFiles(this).resolve(loadOne(file, displayName), displayName, List.of(
                new SubPipelineFiles.Link(SubPipelineFiles.identity(file), displayName)));
    }

    /**
     * Parses YAML text; {@code displayName} is used in locations, {@code baseDir} for relative paths (and for the
     * files named by {@code uses: pipeline:FILE}).
     */
    public PipelineSpec parse(String yaml, String displayName, Path baseDir) {
        return new SubPipelineFiles(this).resolve(parse(yaml, displayName, baseDir, Optional.empty()), displayName,
                List.of());
    }

    /** One file, without loading the pipelines its steps use. */
    PipelineSpec loadOne(Path file, String displayName) {
        String text = read(file);
        Path baseDir = file.toAbsolutePath().getParent();
        return parse(text, displayName, baseDir, Optional.of(file));
    }

    /**
     * Parses YAML text that was read from {@code source} earlier (the server keeps every version of a file's text):
     * the spec names {@code source} as its file, so a run records it like one loaded from there.
     */
    public PipelineSpec parse(String yaml, String displayName, Path baseDir, Path source) {
        return new SubPipelineFiles(this).resolve(parse(yaml, displayName, baseDir, Optional.of(source)), displayName,
                List.of());
    }

    private PipelineSpec parse(String yaml, String displayName, Path baseDir, Optional<Path> source) {
        try {
            return load(yaml, displayName, baseDir, source, true);
        } catch (YamlTree.MergeKey e) {
            return load(yaml, displayName, baseDir, source, false);
        }
    }

    /**
     * One load. When {@code stream}ing, each step is read as soon as the parser has it and its subtree is dropped;
     * a syntax error then starts the problems afresh, so the file shows the syntax error alone, as when nothing is
     * read before the whole file is parsed.
     */
    private static PipelineSpec load(String yaml, String displayName, Path baseDir, Optional<Path> source,
                                     boolean stream) {
        // generated pipelines (a 100,000-step sweep) are far larger than snakeyaml's 3 MiB default
        LoadSettings settings = LoadSettings.builder().setLabel(displayName).setSchema(new CoreSchema())
                .setCodePointLimit(Integer.MAX_VALUE)
                .setAllowDuplicateKeys(true).setUseMarks(true).build();
        LoadContext ctx = new LoadContext(displayName);
        PipelineReader reader = new PipelineReader(ctx);
        // the plain subset of YAML without snakeyaml; anything else (and every error) through snakeyaml, from scratch
        Optional<YamlNode> simple = stream
                ? SimpleYamlReader.read(yaml, settings.getSchema().getScalarResolver(), reader::streamedStep)
                : Optional.empty();
        if (stream && simple.isEmpty()) {
            ctx = new LoadContext(displayName);
            reader = new PipelineReader(ctx);
        }
        try {
            Optional<YamlNode> root = simple.isPresent() ? simple : stream
                    ? YamlTree.compose(yaml, settings, reader::streamedStep)
                    : YamlTree.composeWithSnakeyaml(yaml, settings);
            if (root.isEmpty()) {
                ctx.report(new SourceLocation(displayName, 1, 1), "", "the file is empty",
                        "Start with pipeline: <name> and steps:, e.g. " + PipelineReader.STEPS_EXAMPLE);
            }
            root.ifPresent(reader::read);
        } catch (YamlTree.TooDeep e) {
            ctx = new LoadContext(displayName);
            reader = new PipelineReader(ctx);
            ctx.report(e.mark().map(ctx::at).orElse(new SourceLocation(displayName, 1, 1)), "", e.getMessage(),
                    "A pipeline needs a few levels; flatten this value.");
        } catch (YamlEngineException e) {
            ctx = new LoadContext(displayName);
            reader = new PipelineReader(ctx);
            reportSyntaxError(e, displayName, ctx);
        }
        return new PipelineSpec(reader.name, source, baseDir.toAbsolutePath(), reader.params, reader.steps,
                ctx.locations(), ctx.problems().stream().sorted(Problem.ORDER).toList(), reader.inputs, reader.outputs,
                java.util.Map.of(), reader.concurrency, reader.retention,
                new dev.sluice.pipeline.FinalSteps(reader.finallySteps, reader.onFailureSteps), reader.schedules, reader.triggers,
                reader.engine);
    }

    private static void reportSyntaxError(YamlEngineException error, String displayName, LoadContext ctx) {
        if (error instanceof MarkedYamlEngineException e) {
            SourceLocation at = SyntaxErrors.mark(e).map(ctx::at)
                    .orElse(new SourceLocation(displayName, 1, 1));
            ctx.report(at, "", SyntaxErrors.message(e), SyntaxErrors.hint(e));
        } else {
            ctx.report(new SourceLocation(displayName, 1, 1), "", "invalid YAML: " + SyntaxErrors.oneLine(error.getMessage()),
                    "Check the file's syntax with a YAML linter.");
        }
    }

    static String read(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw unreadable(file + " is a folder, not a pipeline file", "Pass the pipeline's .yaml file, e.g. "
                        + file.resolve("pipeline.yaml") + ".");
            }
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw unreadable("file not found: " + file, "Check the path and the working folder ("
                    + Path.of("").toAbsolutePath() + "), or pass an absolute path.");
        } catch (CharacterCodingException e) {
            throw unreadable(file + " is not UTF-8 text", "Save the pipeline file as UTF-8.");
        } catch (IOException e) {
            throw unreadable("cannot read " + file + ": " + e.getMessage(), "Check that the file exists and is readable.");
        }
    }

    private static DefinitionException unreadable(String message, String hint) {
        return new DefinitionException(List.of(new Problem(Optional.empty(), "", message, hint)));
    }
}
