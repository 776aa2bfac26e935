package dev.sluice.report;

import dev.sluice.internal.Durations;

import java.time.Duration;
import java.time.Instant;

/**
 * A Gantt-style timeline as inline SVG: one row per step in start order, a bar from its start to its end
 * coloured by status, the duration after the bar, and a time axis from the run's start. Stateless; thread-safe.
 */
final class TimelineSvg {
    private static final int ROW_H = 24;
    private static final int BAR_H = 16;
    private static final int LABEL_W = 230;
    private static final int CHART_W = 560;
    private static final int TAIL_W = 70;
    private static final int AXIS_H = 24;
    private static final int TICKS = 5;
    private static final double CHAR_W = 6.8;

    private TimelineSvg() {}

    static String render(RunView view) {
        Instant start = view.run().started();
        Instant end = view.end();
        long span = Math.max(1, Duration.between(start, end).toMillis());
        int height = AXIS_H + view.steps().size() * ROW_H + 8;
        int width = LABEL_W + CHART_W + TAIL_W;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"timeline\" role=\"img\" aria-label=\"step timeline\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\">\n");
        axis(svg, span, view.steps().size());
        int row = 0;
        for (RunView.StepView s : view.steps()) bar(svg, s, row++, start, span, end);
        return svg.append("</svg>\n").toString();
    }

    private static void axis(StringBuilder svg, long span, int rows) {
        for (int i = 0; i <= TICKS; i++) {
            double x = LABEL_W + CHART_W * i / (double) TICKS;
            svg.append("<line class=\"tick\" x1=\"").append(Html.px(x)).append("\" y1=\"").append(AXIS_H - 6)
                    .append("\" x2=\"").append(Html.px(x)).append("\" y2=\"").append(AXIS_H + rows * ROW_H)
                    .append("\"/><text class=\"axis\" x=\"").append(Html.px(x)).append("\" y=\"").append(AXIS_H - 10)
                    .append("\" text-anchor=\"middle\">").append(Durations.elapsed(Duration.ofMillis(span * i / TICKS)))
                    .append("</text>\n");
        }
    }

    private static void bar(StringBuilder svg, RunView.StepView s, int row, Instant start, long span, Instant end) {
        Instant from = s.last().started();
        Instant to = s.last().ended().orElse(end);
        double x = LABEL_W + CHART_W * clamp(Duration.between(start, from).toMillis() / (double) span);
        double w = Math.max(2, CHART_W * clamp(Duration.between(from, to).toMillis() / (double) span));
        w = Math.min(w, LABEL_W + CHART_W - x + 2);
        double y = AXIS_H + row * ROW_H + (ROW_H - BAR_H) / 2.0;
        int maxChars = (int) ((LABEL_W - 12) / CHAR_W);
        String label = s.name().length() > maxChars ? s.name().substring(0, maxChars - 1) + "\u2026" : s.name();
        String status = s.last().state().label();
        svg.append("<g class=\"bar\" data-step=\"").append(Html.esc(s.name())).append("\"><title>")
                .append(Html.esc(s.name() + ": " + status + ", " + Durations.elapsed(s.duration(end))))
                .append("</title><text class=\"label\" x=\"").append(LABEL_W - 8).append("\" y=\"")
                .append(Html.px(y + BAR_H - 4)).append("\" text-anchor=\"end\">").append(Html.esc(label))
                .append("</text><rect x=\"").append(Html.px(x)).append("\" y=\"").append(Html.px(y))
                .append("\" width=\"").append(Html.px(w)).append("\" height=\"").append(BAR_H)
                .append("\" rx=\"3\" fill=\"").append(Html.colour(s.last().state())).append("\"/>")
                .append("<text class=\"dur\" x=\"").append(Html.px(x + w + 6)).append("\" y=\"")
                .append(Html.px(y + BAR_H - 4)).append("\">").append(Durations.elapsed(s.duration(end)))
                .append("</text></g>\n");
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
