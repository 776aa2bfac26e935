package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.MetricSpec;
import dev.sluice.api.ParamRule;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.PortSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * A component's declaration ({@link ComponentSpec}) as people and programs read it: the text of
 * {@code sluice components NAME}, its JSON, and the Markdown of the components reference ({@code docs/components.md}).
 * Everything here comes from the declaration, so the reference cannot drift from what validation checks. Stateless.
 */
final class ComponentReference {
    /** The command that regenerates the reference; the test that keeps it current names it. */
    static final String REGENERATE = "./sluice components --markdown > docs/components.md";

    private ComponentReference() {
    }

    /** {@code type, default 0.2, min 0, max 1, one of [a, b]} or {@code string, required}. */
    static String summary(ParamSpec p) {
        List<String> parts = new ArrayList<>(List.of(p.type().yamlName()));
        p.defaultValue().ifPresentOrElse(d -> parts.add("default " + value(d)),
                () -> parts.add(p.required() ? "required" : "optional"));
        p.min().ifPresent(m -> parts.add("min " + number(m)));
        p.max().ifPresent(m -> parts.add("max " + number(m)));
        if (!p.allowed().isEmpty()) parts.add("one of " + String.join(", ", p.allowed()));
        return String.join(", ", parts);
    }

    /** {@code table}, {@code model, many (fan-in)}, {@code table, optional}. */
    static String port(PortSpec p) {
        return p.kind().yamlName() + (p.many() ? ", many (fan-in)" : "") + (p.optional() ? ", optional" : "");
    }

    /** A value as YAML would write it in JSON form: {@code ","}, {@code 0.2}, {@code []}. */
    static String value(Object v) {
        try {
            return ProblemReport.JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            return String.valueOf(v);
        }
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    // ---- text ----

    /** One line per component: name, version, description. */
    static List<String> listing(List<ComponentSpec> specs) {
        int width = Math.max(9, specs.stream().mapToInt(s -> s.name().length()).max().orElse(0));
        List<String> out = new ArrayList<>();
        out.add(pad("COMPONENT", width) + "  VERSION  DESCRIPTION");
        for (ComponentSpec s : specs) out.add(pad(s.name(), width) + "  " + pad(s.version(), 7) + "  " + s.description());
        return out;
    }

    /** Ports, parameters (with their summary and doc), rules and metrics of one component. */
    static List<String> details(ComponentSpec s) {
        List<String> out = new ArrayList<>();
        out.add(s.name() + " (version " + s.version() + ")" + (s.description().isEmpty() ? "" : ": " + s.description()));
        ports(out, "Inputs", s.inputs());
        ports(out, "Outputs", s.outputs());
        out.add("");
        out.add("Parameters:");
        if (s.params().isEmpty()) out.add("  (none)");
        int width = s.params().stream().mapToInt(p -> p.name().length()).max().orElse(0);
        for (ParamSpec p : s.params()) {
            out.add("  " + pad(p.name(), width) + "  " + summary(p));
            if (!p.doc().isEmpty()) out.add("  " + pad("", width) + "  " + p.doc());
        }
        if (!s.rules().isEmpty()) {
            out.add("");
            out.add("Rules:");
            for (ParamRule r : s.rules()) out.add("  " + r.describe());
        }
        out.add("");
        out.add("Metrics:");
        List<MetricSpec> metrics = s.metrics().orElse(List.of());
        if (s.metrics().isEmpty()) out.add("  (not declared: checks on this component are not checked before a run)");
        else if (metrics.isEmpty()) out.add("  (none)");
        int mw = metrics.stream().mapToInt(m -> m.name().length()).max().orElse(0);
        for (MetricSpec m : metrics) out.add("  " + pad(m.name(), mw) + "  " + m.doc());
        return out;
    }

    private static void ports(List<String> out, String title, List<PortSpec> ports) {
        out.add("");
        out.add(title + ":");
        if (ports.isEmpty()) out.add("  (none)");
        int width = ports.stream().mapToInt(p -> p.name().length()).max().orElse(0);
        int kinds = ports.stream().mapToInt(p -> port(p).length()).max().orElse(0);
        for (PortSpec p : ports) out.add(("  " + pad(p.name(), width) + "  " + pad(port(p), kinds) + "  " + p.doc()).stripTrailing());
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    // ---- JSON ----

    /** {@code {"name", "version", "description", "inputs", "outputs", "params", "rules", "metrics"}}. */
    static ObjectNode json(ComponentSpec s) {
        ObjectNode node = ProblemReport.JSON.createObjectNode();
        node.put("name", s.name());
        node.put("version", s.version());
        node.put("description", s.description());
        node.set("inputs", ports(s.inputs()));
        node.set("outputs", ports(s.outputs()));
        ArrayNode params = node.putArray("params");
        for (ParamSpec p : s.params()) {
            ObjectNode o = params.addObject().put("name", p.name()).put("type", p.type().yamlName()).put("required", p.required());
            if (p.defaultValue().isPresent()) o.set("default", ProblemReport.JSON.valueToTree(p.defaultValue().get()));
            else o.putNull("default");
            if (p.min().isPresent()) o.put("min", p.min().get()); else o.putNull("min");
            if (p.max().isPresent()) o.put("max", p.max().get()); else o.putNull("max");
            p.allowed().forEach(o.putArray("allowed")::add);
            o.put("doc", p.doc());
        }
        ArrayNode rules = node.putArray("rules");
        for (ParamRule r : s.rules()) {
            ObjectNode o = rules.addObject().put("text", r.describe());
            r.params().forEach(o.putArray("params")::add);
        }
        if (s.metrics().isEmpty()) {
            node.putNull("metrics");
        } else {
            ArrayNode metrics = node.putArray("metrics");
            for (MetricSpec m : s.metrics().get()) {
                metrics.addObject().put("name", m.name()).put("pattern", m.isPattern()).put("doc", m.doc());
            }
        }
        return node;
    }

    private static ArrayNode ports(List<PortSpec> ports) {
        ArrayNode out = ProblemReport.JSON.createArrayNode();
        for (PortSpec p : ports) {
            out.addObject().put("name", p.name()).put("kind", p.kind().yamlName()).put("many", p.many())
                    .put("optional", p.optional()).put("doc", p.doc());
        }
        return out;
    }

    // ---- Markdown ----

    /** The components reference: an index, then one section per component. */
    static String markdown(List<ComponentSpec> specs) {
        StringBuilder md = new StringBuilder("""
                # Components

                Every component a pipeline can name in `uses:`, generated from each component's own declaration
                (`ComponentSpec`): the same one `sluice validate` checks steps against and `sluice components NAME`
                prints. Do not edit this file by hand; regenerate it with `%s`.

                | component | version | what it does |
                | --- | --- | --- |
                """.formatted(REGENERATE));
        for (ComponentSpec s : specs) {
            md.append("| [`").append(s.name()).append("`](#").append(s.name()).append(") | ").append(s.version()).append(" | ")
                    .append(cell(s.description())).append(" |\n");
        }
        for (ComponentSpec s : specs) section(md, s);
        return md.toString();
    }

    private static void section(StringBuilder md, ComponentSpec s) {
        md.append("\n## ").append(s.name()).append("\n\n").append(s.description().isEmpty() ? "" : s.description() + " ")
                .append("Version ").append(s.version()).append(".\n");
        portTable(md, "Inputs", s.inputs());
        portTable(md, "Outputs", s.outputs());
        md.append("\n**Parameters**");
        if (s.params().isEmpty()) {
            md.append(": none.\n");
        } else {
            md.append("\n\n| name | type | default | bounds and values | description |\n| --- | --- | --- | --- | --- |\n");
            for (ParamSpec p : s.params()) {
                String def = p.defaultValue().map(d -> "`" + value(d) + "`").orElse(p.required() ? "required" : "optional");
                List<String> bounds = new ArrayList<>();
                p.min().ifPresent(m -> bounds.add("min " + number(m)));
                p.max().ifPresent(m -> bounds.add("max " + number(m)));
                if (!p.allowed().isEmpty()) bounds.add("one of " + String.join(", ", p.allowed().stream().map(a -> "`" + a + "`").toList()));
                md.append("| `").append(p.name()).append("` | ").append(p.type().yamlName()).append(" | ").append(cell(def))
                        .append(" | ").append(cell(String.join(", ", bounds))).append(" | ").append(cell(p.doc())).append(" |\n");
            }
        }
        if (!s.rules().isEmpty()) {
            md.append("\n**Rules**\n\n");
            for (ParamRule r : s.rules()) md.append("- ").append(cell(r.describe())).append('\n');
        }
        md.append("\n**Metrics**");
        if (s.metrics().isEmpty()) md.append(": not declared (a `checks:` entry on this component is only checked when it runs).\n");
        else if (s.metrics().get().isEmpty()) md.append(": none.\n");
        else {
            md.append("\n\n| metric | description |\n| --- | --- |\n");
            for (MetricSpec m : s.metrics().get()) md.append("| `").append(m.name()).append("` | ").append(cell(m.doc())).append(" |\n");
        }
    }

    private static void portTable(StringBuilder md, String title, List<PortSpec> ports) {
        md.append("\n**").append(title).append("**");
        if (ports.isEmpty()) {
            md.append(": none.\n");
            return;
        }
        md.append("\n\n| port | kind | description |\n| --- | --- | --- |\n");
        for (PortSpec p : ports) {
            md.append("| `").append(p.name()).append("` | ").append(port(p)).append(" | ").append(cell(p.doc())).append(" |\n");
        }
    }

    /** Text for a table cell: pipes escaped, on one line. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
