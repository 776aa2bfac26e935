package dev.sluice.yaml;

import dev.sluice.api.Problem;
import dev.sluice.pipeline.PipelineSpec;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader of the plain subset against snakeyaml's path ({@link YamlTree#compose}): over every YAML file of the
 * repository, generated pipelines and random mutations of both, it either declines or gives the same tree (kinds,
 * tags, values, quoting, every node's line and column) and streams the same steps; and it never accepts a text that
 * snakeyaml refuses. To search further: {@code -Dyaml.seed=7 -Dyaml.generated=30000 -Dyaml.mutants=600} (seeds 7 and 99
 * at those sizes, about 250,000 texts each, found no difference).
 */
class SimpleYamlReaderTest {
    private static final LoadSettings SETTINGS = LoadSettings.builder().setLabel("p.yaml").setSchema(new CoreSchema())
            .setCodePointLimit(Integer.MAX_VALUE).setAllowDuplicateKeys(true).setUseMarks(true).build();

    /** What one path made of a text: the root and the streamed steps, written out; null when declined. */
    private static String simple(String text) {
        StringBuilder streamed = new StringBuilder();
        Optional<YamlNode> root = SimpleYamlReader.read(text, SETTINGS.getSchema().getScalarResolver(),
                (k, v) -> streamed.append(describe(k)).append(" = ").append(describe(v)).append('\n'));
        return root.map(r -> describe(r) + "\nstreamed:\n" + streamed).orElse(null);
    }

    /** snakeyaml's path, or the error it stops at. */
    private static String snakeyaml(String text) {
        StringBuilder streamed = new StringBuilder();
        try {
            Optional<YamlNode> root = YamlTree.compose(text, SETTINGS,
                    (k, v) -> streamed.append(describe(k)).append(" = ").append(describe(v)).append('\n'));
            return root.map(r -> describe(r) + "\nstreamed:\n" + streamed).orElse("empty");
        } catch (YamlEngineException | YamlTree.MergeKey | YamlTree.TooDeep e) {
            return "refused: " + e;
        }
    }

    private static String describe(YamlNode node) {
        StringBuilder b = new StringBuilder();
        describe(node, b);
        return b.toString();
    }

    private static void describe(YamlNode node, StringBuilder b) {
        b.append('@').append(node.line()).append(':').append(node.column()).append(' ').append(node.getTag().getValue());
        switch (node) {
            case YamlScalar s -> b.append(s.quoted() ? " quoted " : " plain ").append('<').append(s.getValue()).append('>');
            case YamlList l -> {
                b.append(" [");
                for (YamlNode item : l.getValue()) {
                    describe(item, b);
                    b.append(", ");
                }
                b.append(']');
            }
            case YamlMap m -> {
                b.append(" {streamed ").append(m.streamed()).append(": ");
                for (int i = 0; i < m.size(); i++) {
                    describe(m.key(i), b);
                    b.append(" = ");
                    describe(m.value(i), b);
                    b.append(", ");
                }
                b.append('}');
            }
        }
    }

    /** Declined, or the same as snakeyaml's; true when accepted. */
    private static boolean agrees(String text, String what) {
        String simple = simple(text);
        if (simple == null) return false;
        assertThat(simple).as("%s:%n%s", what, text).isEqualTo(snakeyaml(text));
        return true;
    }

    private static List<Path> yamlFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String root : List.of("../examples", "../bench", "src/test/resources", "../sluice-fuzz/src/test/resources",
                "../sluice-cli/src/test/resources", "../sluice-server/src/test/resources", "../sluice-serve/src/test/resources")) {
            Path dir = Path.of(root);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile).filter(p -> {
                    String name = p.getFileName().toString();
                    return name.endsWith(".yaml") || name.endsWith(".yml")
                            || p.toString().contains("PipelineFileFuzzTestInputs");
                }).sorted().forEach(files::add);
            }
        }
        return files;
    }

    private static Optional<String> text(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (CharacterCodingException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyYamlFileOfTheRepositoryIsDeclinedOrReadAsSnakeyamlReadsIt() throws IOException {
        List<Path> files = yamlFiles();
        assertThat(files).hasSizeGreaterThan(80);
        int accepted = 0;
        for (Path file : files) {
            Optional<String> text = text(file);
            if (text.isPresent() && agrees(text.get(), file.toString())) accepted++;
        }
        // not vacuous: most pipeline files are in the subset
        assertThat(accepted).as("files read without snakeyaml").isGreaterThan(files.size() / 2);
    }

    @Test
    void mutationsOfEveryYamlFileAreDeclinedOrReadAsSnakeyamlReadsThem() throws IOException {
        Random random = new Random(Long.getLong("yaml.seed", 21));
        int accepted = 0;
        int checked = 0;
        for (Path file : yamlFiles()) {
            Optional<String> text = text(file);
            if (text.isEmpty()) continue;
            for (int i = 0; i < Integer.getInteger("yaml.mutants", 60); i++) {
                String mutant = mutate(text.get(), random);
                if (agrees(mutant, file + " mutant " + i)) accepted++;
                checked++;
            }
        }
        assertThat(accepted).as("of %d mutants", checked).isGreaterThan(checked / 10);
    }

    @Test
    void generatedPipelinesAndTheirMutationsAreDeclinedOrReadAsSnakeyamlReadsThem() {
        Random random = new Random(Long.getLong("yaml.seed", 42));
        int accepted = 0;
        int mutantsAccepted = 0;
        int generated = Integer.getInteger("yaml.generated", 3000);
        for (int i = 0; i < generated; i++) {
            String text = new Generator(random).pipeline();
            if (agrees(text, "generated " + i)) accepted++;
            for (int m = 0; m < 5; m++) {
                if (agrees(mutate(text, random), "generated " + i + " mutant " + m)) mutantsAccepted++;
            }
        }
        assertThat(accepted).as("generated pipelines read without snakeyaml").isGreaterThan(generated / 3);
        assertThat(mutantsAccepted).isGreaterThan(generated / 3);
    }

    @Test
    void scalarsAreTypedByTheCoreSchemaAndQuotedOnesStayText() {
        String text = """
                pipeline: p
                values:
                  int: 12
                  negative: -3
                  hex: 0x1F
                  float: 1.5e3
                  inf: .inf
                  yes: true
                  no: False
                  null: null
                  tilde: ~
                  empty:
                  one: "1"
                  true: 'true'
                  word: yes
                  flow: [1, 2.5, null, "x", text]
                """;
        assertThat(agrees(text, "typed")).isTrue();
        YamlMap values = (YamlMap) ((YamlMap) read(text)).value(1);
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < values.size() - 1; i++) tags.add(values.value(i).getTag());
        assertThat(tags).containsExactly(Tag.INT, Tag.INT, Tag.INT, Tag.FLOAT, Tag.FLOAT, Tag.BOOL, Tag.BOOL, Tag.NULL,
                Tag.NULL, Tag.NULL, Tag.STR, Tag.STR, Tag.STR);
        assertThat(((YamlList) values.value(values.size() - 1)).getValue()).extracting(YamlNode::getTag)
                .containsExactly(Tag.INT, Tag.FLOAT, Tag.NULL, Tag.STR, Tag.STR);
    }

    @Test
    void theBenchmarksLayersPipelineAndUsualShapesAreInTheSubset() {
        String text = """
                # a comment
                pipeline: layers   # trailing comment
                params:
                  - name: rate
                    type: float
                    default: 0.5
                  - {name: seed, type: int}
                steps:
                  s0: {uses: concat, with: {text: "s0"}}
                  s1:
                    uses: concat
                    with: {text: 'it''s', sep: "a\\tb"}
                    inputs: {parts: [s0.out, s0.out]}
                    needs:
                    - s0
                  s2: {uses: concat, inputs: {parts: []}, with: {}}
                finally:
                  report: {uses: concat}
                """;
        assertThat(agrees(text, "usual")).isTrue();
    }

    @Test
    void whatIsOutsideTheSubsetIsDeclined() {
        for (String text : List.of("a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  text\n", "a: >\n  text\n",
                "a: one\n  two\n", "--- \na: 1\n", "%YAML 1.2\n---\na: 1\n", "a:\n\tb: 1\n", "a: [1,\n  2]\n",
                "? a\n: 1\n", "<<: {a: 1}\n", "a: \"\\x41\"\n", "- a\n", "", "# only a comment\n", "a: 1\r\nb: 2\r\n",
                "a: 'open\n  close'\n", "steps: {s: {uses: concat}}\n")) {
            assertThat(simple(text)).as(text).isNull();
        }
    }

    @Test
    void aFileDeclinedAfterSomeStepsWereStreamedLoadsAsThroughSnakeyaml() {
        String text = """
                pipeline: p
                steps:
                  a: {uses: concat}
                  b: {uses: concat, inputs: {parts: [a.out]}}
                  c:
                    uses: concat
                    with:
                      text: &t hello
                  d: {uses: concat, with: {text: *t}}
                """;
        assertThat(simple(text)).isNull();
        PipelineSpec spec = new YamlPipelineLoader().parse(text, "p.yaml", Path.of("."));
        assertThat(spec.problems()).extracting(Problem::format).isEmpty();
        assertThat(spec.steps()).containsOnlyKeys("a", "b", "c", "d");
        assertThat(spec.steps().get("d").with()).containsEntry("text", "hello");
    }

    private static YamlNode read(String text) {
        return SimpleYamlReader.read(text, SETTINGS.getSchema().getScalarResolver(), (k, v) -> {
        }).orElseThrow();
    }

    // ---- mutations and generated pipelines

    private static final String[] INSERTS = {" ", "  ", "\n", "-", "- ", ":", ": ", "#", " #", "'", "\"", "\\", "[",
        "]", "{", "}", ",", "&a ", "*a", "!", "|", ">", "?", "%", "@", "`", "~", "\t", "---\n", "...", "\"\"", "''",
        "0", "1.5", "null", "true", "<<", "x", "é", "\u00a0"};

    private static String mutate(String text, Random random) {
        StringBuilder b = new StringBuilder(text);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = b.isEmpty() ? 0 : random.nextInt(b.length() + 1);
            switch (random.nextInt(5)) {
                case 0 -> {
                    if (at < b.length()) b.deleteCharAt(at);
                }
                case 1, 2 -> b.insert(at, INSERTS[random.nextInt(INSERTS.length)]);
                case 3 -> {
                    // indent or dedent a line
                    int start = b.lastIndexOf("\n", Math.max(0, at - 1)) + 1;
                    if (random.nextBoolean()) {
                        b.insert(start, random.nextBoolean() ? " " : "  ");
                    } else if (start < b.length() && b.charAt(start) == ' ') {
                        b.deleteCharAt(start);
                    }
                }
                default -> {
                    // duplicate a line
                    int start = b.lastIndexOf("\n", Math.max(0, at - 1)) + 1;
                    int stop = b.indexOf("\n", start);
                    if (stop > start) b.insert(start, b.substring(start, stop + 1));
                }
            }
        }
        return b.toString();
    }

    /** Pipeline-like YAML in the subset, with the corners a user writes: comments, quoting, flow, lists of maps. */
    private static final class Generator {
        private final Random random;
        private final StringBuilder b = new StringBuilder();
        private final int step;

        Generator(Random random) {
            this.random = random;
            this.step = 2 + random.nextInt(3);
        }

        String pipeline() {
            if (random.nextInt(4) == 0) b.append("# generated\n");
            b.append("pipeline: ").append(word()).append('\n');
            if (random.nextBoolean()) {
                b.append("params:\n");
                int n = 1 + random.nextInt(3);
                String list = " ".repeat(random.nextBoolean() ? 0 : step);
                for (int i = 0; i < n; i++) {
                    b.append(list).append("- name: ").append(word()).append('\n');
                    b.append(list).append("  default: ").append(scalar()).append('\n');
                }
            }
            b.append("steps:\n");
            int steps = 1 + random.nextInt(6);
            for (int i = 0; i < steps; i++) {
                String indent = " ".repeat(step);
                if (random.nextInt(5) == 0) b.append('\n');
                if (random.nextInt(6) == 0) b.append(indent).append("# step ").append(i).append('\n');
                b.append(indent).append(key()).append(':');
                if (random.nextBoolean()) {
                    b.append(' ').append(flowMap(2)).append(comment()).append('\n');
                } else {
                    b.append(comment()).append('\n');
                    blockMap(indent + " ".repeat(step), 2);
                }
            }
            if (random.nextBoolean()) b.append("engine: {workers: ").append(random.nextInt(9)).append("}\n");
            return b.toString();
        }

        private void blockMap(String indent, int depth) {
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                b.append(indent).append(key()).append(':');
                int kind = depth == 0 ? 0 : random.nextInt(6);
                switch (kind) {
                    case 0, 1 -> b.append(' ').append(scalar()).append(comment()).append('\n');
                    case 2 -> b.append(' ').append(random.nextBoolean() ? flowMap(depth - 1) : flowList(depth - 1))
                            .append(comment()).append('\n');
                    case 3 -> {
                        b.append(comment()).append('\n');
                        blockMap(indent + " ".repeat(step), depth - 1);
                    }
                    case 4 -> {
                        b.append('\n');
                        blockList(random.nextBoolean() ? indent : indent + " ".repeat(step), depth - 1);
                    }
                    default -> b.append(random.nextBoolean() ? "" : " ").append(comment()).append('\n');
                }
            }
        }

        private void blockList(String indent, int depth) {
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                b.append(indent).append("- ");
                if (depth > 0 && random.nextInt(3) == 0) {
                    b.append(key()).append(": ").append(scalar()).append('\n');
                    if (random.nextBoolean()) b.append(indent).append("  ").append(key()).append(": ").append(scalar()).append('\n');
                } else {
                    b.append(random.nextInt(4) == 0 ? flowList(0) : scalar()).append(comment()).append('\n');
                }
            }
        }

        private String flowMap(int depth) {
            StringBuilder f = new StringBuilder("{");
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                if (i > 0) f.append(random.nextBoolean() ? ", " : ",");
                f.append(key()).append(": ");
                int kind = depth == 0 ? 0 : random.nextInt(4);
                f.append(kind == 1 ? flowMap(depth - 1) : kind == 2 ? flowList(depth - 1) : scalar());
            }
            return f.append(random.nextBoolean() ? "}" : " }").toString();
        }

        private String flowList(int depth) {
            StringBuilder f = new StringBuilder(random.nextBoolean() ? "[" : "[ ");
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                if (i > 0) f.append(", ");
                f.append(depth > 0 && random.nextInt(4) == 0 ? flowMap(depth - 1) : scalar());
            }
            return f.append(']').toString();
        }

        private String comment() {
            return random.nextInt(5) == 0 ? "  # " + word() : "";
        }

        private String key() {
            return switch (random.nextInt(8)) {
                case 0 -> "\"" + word() + "\"";
                case 1 -> word() + "_" + random.nextInt(100);
                default -> word();
            };
        }

        private static final String[] WORDS = {"uses", "with", "inputs", "outputs", "text", "parts", "train", "model",
            "a", "n", "y", "on", "off", "null", "true", "when", "retry", "cache", "x.out", "data/in.csv", "été"};
        private static final String[] SCALARS = {"1", "-2", "0x1F", "0o17", "1.5", "-0.5e3", ".inf", "-.Inf", ".nan",
            "true", "False", "null", "~", "NULL", "yes", "no", "on", "2026-12-08", "1_000", "+1", "12:30", "a:b",
            "http://x:8080/y", "a#b", "s0.out", "${ENV}", "{{ params.x }}", "a b  c", "-x", "\"\"", "''", "\"1\"",
            "'true'", "\"a\\\"b\"", "'it''s'", "\"tab\\there\"", "\"a: b\"", "'[x]'", "\"# not a comment\"", "x%y",
            "a,b", "a[0]", "@x", "`x`"};

        private String word() {
            return WORDS[random.nextInt(WORDS.length)];
        }

        private String scalar() {
            return random.nextInt(3) == 0 ? word() : SCALARS[random.nextInt(SCALARS.length)];
        }
    }
}
