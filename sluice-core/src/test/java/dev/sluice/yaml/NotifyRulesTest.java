package dev.sluice.yaml;

import dev.sluice.api.Problem;
import dev.sluice.pipeline.NotifyRule;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The top-level {@code notify:} list: read for the server, and every mistake reported where it is. */
class NotifyRulesTest {
    private static final String VALID = """
            pipeline: p
            notify:
              - {on: [failed, waiting], webhook: "http://127.0.0.1:9000/hook", secret_env: HOOK_SECRET}
              - {on: succeeded, webhook: "https://hooks.example.com/T/B", format: slack}
            steps:
              a: {uses: concat, with: {text: "x"}}
            """;

    private static List<String> problems(String yaml) {
        return new YamlPipelineLoader().parse(yaml, "p.yaml", Path.of(".")).problems().stream().map(Problem::format).toList();
    }

    @Test
    void validRulesLoadWithoutProblemsAndReadForTheServer() {
        assertThat(problems(VALID)).isEmpty();
        assertThat(NotifyRules.of(VALID)).containsExactly(
                new NotifyRule(Set.of(NotifyRule.Event.FAILED, NotifyRule.Event.WAITING), URI.create("http://127.0.0.1:9000/hook"),
                        NotifyRule.Format.JSON, Optional.of("HOOK_SECRET")),
                new NotifyRule(Set.of(NotifyRule.Event.SUCCEEDED), URI.create("https://hooks.example.com/T/B"),
                        NotifyRule.Format.SLACK, Optional.empty()));
    }

    @Test
    void mistakesAreReportedAtTheirLineAndColumn() {
        String yaml = """
                pipeline: p
                notify:
                  - {on: [failed, exploded], webhook: "http://127.0.0.1:9000/hook"}
                  - {on: failed, webhook: "ftp://example.com/x", format: xml, secret_env: "s3cr3t value"}
                  - {on: failed}
                steps:
                  a: {uses: concat, with: {text: "x"}}
                """;
        assertThat(problems(yaml)).anySatisfy(p -> assertThat(p).startsWith("p.yaml:3:").contains("unknown notify event 'exploded'"))
                .anySatisfy(p -> assertThat(p).startsWith("p.yaml:4:").contains("is not an http(s) URL"))
                .anySatisfy(p -> assertThat(p).startsWith("p.yaml:4:").contains("unknown notify format 'xml'"))
                .anySatisfy(p -> assertThat(p).startsWith("p.yaml:4:").contains("is not an environment variable name"))
                .anySatisfy(p -> assertThat(p).startsWith("p.yaml:5:").contains("needs on: (what to report) and webhook:"));
        assertThat(NotifyRules.of(yaml)).isEmpty();
    }
}
