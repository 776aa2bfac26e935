package dev.sluice.pipeline;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** "Did you mean ...?" for unknown names: the closest candidates by edit distance. Stateless. */
public final class Suggestions {
    private Suggestions() {
    }

    /** Candidates within a small edit distance of {@code name} (or sharing a long prefix), closest first, at most three. */
    public static List<String> closest(String name, Collection<String> candidates) {
        int limit = Math.max(1, Math.min(3, name.length() / 3 + 1));
        return candidates.stream()
                .filter(c -> !c.equals(name))
                .map(c -> new Scored(c, distance(name.toLowerCase(), c.toLowerCase())))
                .filter(s -> s.distance <= limit || (name.length() >= 3 && s.candidate.startsWith(name)))
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::candidate))
                .limit(3)
                .map(Scored::candidate)
                .toList();
    }

    /** {@code "Did you mean 'x'?"}, {@code "Did you mean 'x' or 'y'?"}, or empty. */
    public static Optional<String> didYouMean(String name, Collection<String> candidates) {
        return phrase(closest(name, candidates));
    }

    /** {@code "Did you mean 'x', 'y' or 'z'?"} for these names, or empty when there are none. */
    static Optional<String> phrase(List<String> best) {
        if (best.isEmpty()) return Optional.empty();
        StringBuilder sb = new StringBuilder("Did you mean ");
        for (int i = 0; i < best.size(); i++) {
            if (i > 0) sb.append(i == best.size() - 1 ? " or " : ", ");
            sb.append('\'').append(best.get(i)).append('\'');
        }
        return Optional.of(sb.append('?').toString());
    }

    /** Optimal string alignment distance (Levenshtein with adjacent transpositions). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private record Scored(String candidate, int distance) {}
}
