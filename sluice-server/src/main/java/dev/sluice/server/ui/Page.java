package dev.sluice.server.ui;

import java.util.List;
import java.util.Optional;

/**
 * The pages of the web UI: the path the server answers, the title, the browser module that draws it
 * ({@code /ui/app/page-NAME.js}) and the libraries it needs. Each page is a shell the server fills with the signed-in
 * token's name and role and the session's CSRF token; the module reads everything else from the API.
 */
enum Page {
    RUNS("/runs", "runs", "Runs", List.of()),
    RUN("/runs/{id}", "run", "Run", List.of(Library.CYTOSCAPE, Library.DAGRE)),
    COMPARE("/compare", "compare", "Compare runs", List.of(Library.CHART)),
    PIPELINES("/pipelines", "pipelines", "Pipelines", List.of()),
    PIPELINE("/pipelines/{name}", "pipeline", "Pipeline", List.of(Library.CYTOSCAPE, Library.DAGRE, Library.CHART, Library.DIFF)),
    LINEAGE("/lineage", "lineage", "Lineage", List.of(Library.CYTOSCAPE, Library.DAGRE)),
    MODELS("/models", "models", "Models", List.of()),
    MODEL("/models/{name}", "model", "Model", List.of(Library.CHART)),
    MONITORING("/monitoring", "monitoring", "Monitoring", List.of(Library.CHART)),
    APPROVALS("/approvals", "approvals", "Approvals", List.of()),
    AUDIT("/audit", "audit", "Audit log", List.of());

    /** A browser library, served under {@code /ui/lib/FILE} from a webjar or the vendored copies. */
    enum Library {
        CYTOSCAPE("cytoscape.min.js", "META-INF/resources/webjars/cytoscape/3.33.1/dist/cytoscape.min.js"),
        DAGRE("dagre.min.js", "META-INF/resources/webjars/dagre/0.8.4/dist/dagre.min.js"),
        CHART("chart.umd.min.js", "META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js"),
        DIFF("diff.min.js", "dev/sluice/server/ui/vendor/diff-5.2.0.min.js");

        final String file;
        final String resource;

        Library(String file, String resource) {
            this.file = file;
            this.resource = resource;
        }

        static Optional<Library> named(String file) {
            for (Library l : values()) if (l.file.equals(file)) return Optional.of(l);
            return Optional.empty();
        }
    }

    /** The main navigation, in order. */
    static final List<Page> NAVIGATION = List.of(RUNS, PIPELINES, MODELS, APPROVALS, LINEAGE, MONITORING, AUDIT);

    final String path;
    final String module;
    final String title;
    final List<Library> libraries;

    Page(String path, String module, String title, List<Library> libraries) {
        this.path = path;
        this.module = module;
        this.title = title;
        this.libraries = libraries;
    }

    /** The navigation entry a page belongs under (a run under Runs). */
    Page section() {
        return switch (this) {
            case RUN, COMPARE -> RUNS;
            case PIPELINE -> PIPELINES;
            case MODEL -> MODELS;
            default -> this;
        };
    }
}
