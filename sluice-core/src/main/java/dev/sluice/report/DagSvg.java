package dev.sluice.report;

import dev.sluice.internal.Durations;

import java.util.List;
import java.util.Map;

/**
 * The DAG of a run as inline SVG: one rounded box per step (coloured by status, name and status inside,
 * full name and details in a tooltip), cubic curves with arrow heads for the wires. Stateless; thread-safe.
 */
final class DagSvg {
    static final int NODE_H = 44;
    private static final int GAP_X = 56;
    private static final int GAP_Y = 18;
    private static final int PAD = 16;
    private static final int MIN_W = 120;
    private static final int MAX_W = 280;
    private static final double CHAR_W = 8.0; // bold 13px sans-serif, generous

    private DagSvg() {}

    static String render(RunView view) {
        List<String> names = view.steps().stream().map(RunView.StepView::name).toList();
        List<RunView.Edge> edges = view.edges();
        DagLayout.Result layout = DagLayout.layout(names, edges);
        int nodeW = nodeWidth(names);
        int width = PAD * 2 + Math.max(1, layout.layers()) * nodeW + Math.max(0, layout.layers() - 1) * GAP_X;
        int height = PAD * 2 + Math.max(1, layout.rows()) * (NODE_H + GAP_Y) - GAP_Y;
        StringBuilder svg = new StringBuilder();
        // scales down to the page's width (never up), so the whole graph stays in view
        svg.append("<svg class=\"dag\" role=\"img\" aria-label=\"pipeline graph\" width=\"100%\" style=\"max-width:")
                .append(width).append("px\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\">\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\""
                        + " markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
                        + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#66707a\"/></marker></defs>\n");
        for (RunView.Edge e : edges) edge(svg, layout.places(), e, nodeW);
        for (RunView.StepView s : view.steps()) node(svg, s, layout.places().get(s.name()), nodeW, view);
        return svg.append("</svg>\n").toString();
    }

    private static int nodeWidth(List<String> names) {
        int longest = names.stream().mapToInt(String::length).max().orElse(0);
        return (int) Math.min(MAX_W, Math.max(MIN_W, longest * CHAR_W + 24));
    }

    private static double x(DagLayout.Place p, int nodeW) { return PAD + p.layer() * (nodeW + GAP_X); }

    private static double y(DagLayout.Place p) { return PAD + p.row() * (NODE_H + GAP_Y); }

    private static void edge(StringBuilder svg, Map<String, DagLayout.Place> places, RunView.Edge e, int nodeW) {
        DagLayout.Place from = places.get(e.from());
        DagLayout.Place to = places.get(e.to());
        if (from == null || to == null) return;
        double x1 = x(from, nodeW) + nodeW;
        double y1 = y(from) + NODE_H / 2.0;
        double x2 = x(to, nodeW) - 2;
        double y2 = y(to) + NODE_H / 2.0;
        double bend = Math.max(30, (x2 - x1) / 2);
        svg.append("<path class=\"edge\" d=\"M").append(Html.px(x1)).append(',').append(Html.px(y1))
                .append(" C").append(Html.px(x1 + bend)).append(',').append(Html.px(y1)).append(' ')
                .append(Html.px(x2 - bend)).append(',').append(Html.px(y2)).append(' ')
                .append(Html.px(x2)).append(',').append(Html.px(y2))
                .append("\" marker-end=\"url(#arrow)\"><title>").append(Html.esc(e.from() + " \u2192 " + e.to()))
                .append("</title></path>\n");
    }

    private static void node(StringBuilder svg, RunView.StepView s, DagLayout.Place p, int nodeW, RunView view) {
        double x = x(p, nodeW);
        double y = y(p);
        int maxChars = (int) ((nodeW - 20) / CHAR_W);
        String label = s.name().length() > maxChars ? s.name().substring(0, maxChars - 1) + "\u2026" : s.name();
        String status = s.last().state().label();
        svg.append("<g class=\"node\" data-step=\"").append(Html.esc(s.name())).append("\"><title>")
                .append(Html.esc(s.name() + ": " + status + ", " + Durations.elapsed(s.duration(view.end()))))
                .append("</title><rect x=\"").append(Html.px(x)).append("\" y=\"").append(Html.px(y))
                .append("\" width=\"").append(nodeW).append("\" height=\"").append(NODE_H)
                .append("\" rx=\"8\" fill=\"").append(Html.colour(s.last().state())).append("\"/>")
                .append("<text x=\"").append(Html.px(x + 10)).append("\" y=\"").append(Html.px(y + 19))
                .append("\" class=\"name\">").append(Html.esc(label)).append("</text>")
                .append("<text x=\"").append(Html.px(x + 10)).append("\" y=\"").append(Html.px(y + 35))
                .append("\" class=\"sub\">").append(Html.esc(status + " \u00b7 " + Durations.elapsed(s.duration(view.end()))))
                .append("</text></g>\n");
    }
}
