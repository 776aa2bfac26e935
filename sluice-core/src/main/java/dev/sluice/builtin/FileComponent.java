package dev.sluice.builtin;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PortKind;
import dev.sluice.api.StepContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Imports a local file into the run as the {@code file} output, so that later steps (and the
 * cache) see its content rather than its path. Stateless and thread-safe.
 *
 * <p>A relative {@code path} is relative to the pipeline file's folder ({@link StepContext#resolve}).
 *
 * <pre>{@code
 * steps:
 *   load: {uses: file, with: {path: data/iris.csv}}
 *   stats: {uses: count, inputs: {in: load.file}}
 * }</pre>
 */
public final class FileComponent extends BuiltinComponent {
    static final ComponentSpec SPEC = ComponentSpec.builder("file", "1")
            .description("Imports a local file as the output 'file'.")
            .param(ParamSpec.of("path", ParamType.PATH).withDoc("the file to import, relative to the pipeline's folder"))
            .output("file", PortKind.FILE, "a copy of the file, under its own name")
            .noMetrics()
            .build();

    public FileComponent() {
        super(SPEC);
    }

    @Override
    public void run(StepContext ctx) throws IOException {
        String given = ctx.stringParam("path");
        Path source = ctx.resolve(given);
        if (Files.isDirectory(source)) {
            throw new IOException("'" + given + "' is a folder; the file component imports one file: point 'path' at a file");
        }
        if (!Files.isRegularFile(source)) {
            throw new IOException("file '" + given + "' not found (looked at " + source
                    + "); check 'path' in step '" + ctx.stepName() + "'");
        }
        Path target = ctx.outputFile("file", source.getFileName().toString());
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        ctx.log("imported " + source + " (" + Files.size(target) + " bytes)");
    }
}
