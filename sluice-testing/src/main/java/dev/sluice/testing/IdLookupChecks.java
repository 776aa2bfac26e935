package dev.sluice.testing;

import dev.sluice.meta.ArtifactRow;
import dev.sluice.meta.MetaWrite.RunStarted;
import dev.sluice.meta.MetadataException;
import dev.sluice.meta.MetadataStore;
import dev.sluice.meta.RunRow;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static dev.sluice.testing.SampleRun.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every metadata database must do with ids a person types: a run id or an artifact digest by a prefix, an
 * ambiguous prefix named with its matches, a text that cannot be an id refused before any query. Run by
 * {@link MetadataStoreContract} on each backend.
 */
abstract class IdLookupChecks {
    /** A store on the test's database, empty at the start of each test. */
    abstract MetadataStore store();

    /** The sample run {@code run-1}, recorded. */
    private static SampleRun recorded(MetadataStore store) {
        SampleRun run = new SampleRun("run-1", 0);
        record(store, run.writes());
        return run;
    }

    @Test
    void runIdPrefixFindsTheOnlyMatchAndAnAmbiguousPrefixSaysWhichRunsMatch() {
        MetadataStore store = store();
        record(store, List.of(SampleRun.PIPELINE,
                RunStarted.here("20240101-abc", SampleRun.PIPELINE.id(), SampleRun.at(0), "{}", Optional.empty()),
                RunStarted.here("20240101-abd", SampleRun.PIPELINE.id(), SampleRun.at(1), "{}", Optional.empty()),
                RunStarted.here("20240102_x%", SampleRun.PIPELINE.id(), SampleRun.at(2), "{}", Optional.empty())));

        assertThat(store.queries().run("20240101-abd")).map(RunRow::id).contains("20240101-abd");
        assertThat(store.queries().run("20240101-abc")).map(RunRow::id).contains("20240101-abc");
        assertThat(store.queries().run("20240102")).map(RunRow::id).contains("20240102_x%");
        assertThat(store.queries().run("2024010_")).isEmpty(); // LIKE wildcards in a prefix are literal
        assertThat(store.queries().run("nope")).isEmpty();
        assertThatThrownBy(() -> store.queries().run("20240101-ab"))
                .isInstanceOf(MetadataException.class)
                .hasMessage("The run id prefix '20240101-ab' is ambiguous: it matches 20240101-abc, 20240101-abd."
                        + " Give more characters of the id.");
    }

    @Test
    void artifactLookupAcceptsADigestPrefixWithOrWithoutAlgorithm() {
        MetadataStore store = store();
        SampleRun run = recorded(store);
        String hex = run.model().substring("sha256:".length());

        assertThat(store.queries().artifact(hex.substring(0, 12))).map(ArtifactRow::id).contains(run.model());
        assertThat(store.queries().artifact("sha256:" + hex.substring(0, 12))).map(ArtifactRow::id).contains(run.model());
        assertThat(store.queries().artifact("sha256:ffffffffffff")).isEmpty();
        assertThatThrownBy(() -> store.queries().artifact("sha256:"))
                .isInstanceOf(MetadataException.class)
                .hasMessageStartingWith("The artifact id prefix 'sha256:' is ambiguous: it matches sha256:");
    }

    @Test
    void anIdThatCannotBeAnIdIsRefusedBeforeAnyQueryWithoutEchoingIt() {
        MetadataStore store = store();
        record(store, new SampleRun("run-1", 0).writes());
        String huge = "2".repeat(100_000);

        assertThatThrownBy(() -> store.queries().run(huge))
                .isInstanceOf(MetadataException.class)
                .hasMessage("'222222222222222222222222...' (100000 characters) is not a run id: run ids have at most 64"
                        + " letters, digits, '-', '_' or '.'. Give a run id or a prefix of one, such as 20261127-041502-3fa2.");
        assertThatThrownBy(() -> store.queries().run("run-1%' OR 1=1\n"))
                .isInstanceOf(MetadataException.class)
                .hasMessage("'run-1%' OR 1=1\\n' is not a run id: run ids have at most 64 letters, digits, '-', '_' or '.'."
                        + " Give a run id or a prefix of one, such as 20261127-041502-3fa2.");
        assertThatThrownBy(() -> store.queries().artifact("f".repeat(100_000)))
                .isInstanceOf(MetadataException.class)
                .hasMessage("'ffffffffffffffffffffffff...' (100000 characters) is not an artifact id: artifact ids are"
                        + " 'sha256:' and 64 hexadecimal digits. Give an artifact id or a prefix of one, with or without"
                        + " 'sha256:', such as 3e5d652f6a9d.");
        assertThatThrownBy(() -> store.queries().artifact("%"))
                .isInstanceOf(MetadataException.class)
                .hasMessageStartingWith("'%' is not an artifact id: ");
        assertThat(store.queries().run("run_")).isEmpty(); // '_' may be in a run id, and is no wildcard
    }

    @Test
    void anArtifactIdPrefixIsFoundWhateverTheCaseOfItsDigits() {
        MetadataStore store = store();
        SampleRun run = recorded(store);
        String hex = run.model().substring("sha256:".length());

        assertThat(store.queries().artifact("SHA256:" + hex.substring(0, 12).toUpperCase())).map(ArtifactRow::id)
                .contains(run.model());
    }
}
