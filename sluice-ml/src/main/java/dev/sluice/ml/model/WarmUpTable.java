package dev.sluice.ml.model;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;

import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small made-up table shaped like the tables trainers see (integer, decimal and text columns, some nulls, a text
 * target of two classes that depends on them), for {@link TrainerComponent#warmUp()}. Seeded: the same every time.
 */
final class WarmUpTable {
    static final String TARGET = "label";
    /**
     * Rows of the warm-up: not a multiple of 4 (nor of it past a 2,048-row tile), so that loops unrolled by four
     * run their remainder too. Code compiled without ever running a branch treats it as impossible; the first real
     * table that takes it throws the compiled loop away (seen on telco churn: the logistic objective's dot product,
     * "unstable_if", recompiled in the middle of the step).
     */
    static final int ROWS = 3_003;
    private static final String[] CONTRACTS = {"monthly", "one year", "two year"};
    private static final String[] PAYMENTS = {"card", "check", "transfer", "mail"};

    private WarmUpTable() {
    }

    static Frame frame(int rows) {
        SplittableRandom random = new SplittableRandom(7);
        long[] tenure = new long[rows];
        double[] charges = new double[rows];
        double[] total = new double[rows];
        BitSet totalNulls = new BitSet();
        String[] contract = new String[rows];
        String[] payment = new String[rows];
        String[] label = new String[rows];
        for (int r = 0; r < rows; r++) {
            tenure[r] = random.nextInt(72);
            charges[r] = 20 + random.nextDouble() * 100;
            total[r] = tenure[r] * charges[r];
            if (random.nextInt(50) == 0) totalNulls.set(r);
            int c = random.nextInt(CONTRACTS.length);
            contract[r] = CONTRACTS[c];
            payment[r] = random.nextInt(40) == 0 ? null : PAYMENTS[random.nextInt(PAYMENTS.length)];
            double z = 1.5 - 0.04 * tenure[r] + 0.01 * charges[r] - 0.8 * c;
            label[r] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? "Yes" : "No";
        }
        return new Frame(List.of(new Column.Longs("tenure", tenure, null), new Column.Doubles("charges", charges, null),
                new Column.Doubles("total", total, totalNulls), new Column.Strings("contract", contract),
                new Column.Strings("payment", payment), new Column.Strings(TARGET, label)));
    }
}
