package dev.sluice.monitor;

import java.util.Locale;

/**
 * When a feature counts as drifted: PSI above {@code psiDrift} (default 0.2) or a Kolmogorov-Smirnov p-value
 * below {@code ksPValue} (default 0.01, numeric features only) is drift; PSI above {@code psiWarning} (default
 * 0.1) is a warning. Immutable.
 */
public record DriftThresholds(double psiDrift, double psiWarning, double ksPValue) {
    public static final DriftThresholds DEFAULTS = new DriftThresholds(0.2, 0.1, 0.01);

    public DriftThresholds {
        if (!(psiDrift > 0) || !(psiWarning >= 0) || psiWarning > psiDrift) {
            throw new IllegalArgumentException("thresholds need 0 <= psi_warning <= psi, got psi=" + psiDrift + " psi_warning=" + psiWarning);
        }
        if (!(ksPValue >= 0 && ksPValue < 1)) throw new IllegalArgumentException("ks_p must be in [0, 1), got " + ksPValue);
    }

    /**
     * This with one threshold changed by a {@code NAME=VALUE} setting: {@code psi}, {@code psi_warning} or
     * {@code ks_p}. Throws IllegalArgumentException saying what is accepted.
     */
    public DriftThresholds with(String setting) {
        int eq = setting.indexOf('=');
        String name = eq < 0 ? setting : setting.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        double value;
        try {
            value = Double.parseDouble(setting.substring(eq + 1).trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("threshold '" + setting + "' is not NAME=NUMBER, e.g. psi=0.25");
        }
        return switch (name) {
            case "psi" -> new DriftThresholds(value, Math.min(psiWarning, value), ksPValue);
            case "psi_warning", "warning" -> new DriftThresholds(psiDrift, value, ksPValue);
            case "ks_p", "p" -> new DriftThresholds(psiDrift, psiWarning, value);
            default -> throw new IllegalArgumentException("unknown threshold '" + name + "'; use psi, psi_warning or ks_p, e.g. psi=0.25");
        };
    }

    DriftStatus classify(double psi, double ksP) {
        if (psi > psiDrift || ksP < ksPValue) return DriftStatus.DRIFT;
        if (psi > psiWarning) return DriftStatus.WARNING;
        return DriftStatus.OK;
    }
}
