package dev.sluice.bench;

import java.util.List;

/**
 * The replacement audit of docs/replacements.md: each hand-written replacement of a library against that library, in
 * one JVM, the two sides alternating round by round, medians. Prints one line per case: time per operation of
 * each side, their ratio, and where the replacement was made for memory, the bytes each side retains.
 *
 * <pre>{@code java -cp sluice-bench/target/benchmarks.jar dev.sluice.bench.ReplacementTiming [rounds] [case...]}</pre>
 *
 * Cases: {@code canonical-json}, {@code name-index}, {@code small-map}, {@code locations}, {@code ks},
 * {@code lbfgs}. Build: {@code ./mvnw -B -q -Pbench -pl sluice-bench -am package -DskipTests}.
 */
public final class ReplacementTiming {
    private ReplacementTiming() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        List<String> cases = args.length > 1 ? List.of(args).subList(1, args.length)
                : List.of("canonical-json", "name-index", "small-map", "locations", "ks", "lbfgs");
        for (String c : cases) {
            switch (c) {
                case "canonical-json" -> JsonTiming.canonicalJson(rounds);
                case "canonical-json-cold-ours", "canonical-json-cold-library" -> JsonTiming.canonicalJsonCold(c.endsWith("ours"));
                case "name-index" -> IndexTiming.nameIndex(rounds);
                case "name-index-spread" -> IndexTiming.nameIndexSpread(rounds);
                case "small-map" -> IndexTiming.smallMap(rounds);
                case "locations" -> IndexTiming.locations(rounds);
                case "ks" -> StatisticsTiming.ks(rounds);
                case "lbfgs" -> StatisticsTiming.lbfgs(rounds);
                case "forest" -> StatisticsTiming.forest(rounds);
                default -> throw new IllegalArgumentException("unknown case " + c);
            }
        }
    }
}
