package dev.sluice.meta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The decisions on {@code approve} steps, in the metadata database (table {@code step_approvals}), so that any process
 * on the workspace can decide (the CLI, a server) and the waiting run sees it. The first decision on a step wins: the
 * table's key is (run, step) and {@link #decide} never overwrites. Thread-safe.
 *
 * <pre>{@code
 * StepApproval d = new StepApprovals(store.sql()).decide(new StepApproval(run, "approve", true, "alice", Instant.now(),
 *         Optional.of("looks fine")));
 * }</pre>
 */
public final class StepApprovals {
    private static final String COLUMNS = "run_id, step, decision, decided_by, decided_at, comment";

    private final MetadataSql sql;

    public StepApprovals(MetadataSql sql) {
        this.sql = sql;
    }

    /** The approvals of the workspace whose store this is. */
    public static StepApprovals of(MetadataStore store) {
        return new StepApprovals(store.sql());
    }

    /** The decision on a step of a run, if there is one. */
    public Optional<StepApproval> find(String runId, String step) {
        return sql.read(c -> find(c, runId, step));
    }

    /** Every decision taken on steps of a run, by step name. */
    public List<StepApproval> ofRun(String runId) {
        return sql.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM step_approvals WHERE run_id = ? ORDER BY step")) {
                ps.setString(1, runId);
                return rows(ps);
            }
        });
    }

    /**
     * Records {@code d} unless the step was decided already, and returns the decision in force: {@code d}, or the
     * earlier one (compare {@link StepApproval#by} and {@link StepApproval#at} to tell).
     */
    public StepApproval decide(StepApproval d) {
        return sql.write(c -> {
            Optional<StepApproval> before = find(c, d.runId(), d.step());
            if (before.isPresent()) return before.get();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO step_approvals (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (run_id, step) DO NOTHING")) {
                ps.setString(1, d.runId());
                ps.setString(2, d.step());
                ps.setString(3, d.decision());
                ps.setString(4, d.by());
                ps.setLong(5, d.at().toEpochMilli());
                ps.setString(6, d.comment().orElse(null));
                if (ps.executeUpdate() == 1) return d;
            }
            return find(c, d.runId(), d.step()).orElseThrow();
        });
    }

    private static Optional<StepApproval> find(Connection c, String runId, String step) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM step_approvals WHERE run_id = ? AND step = ?")) {
            ps.setString(1, runId);
            ps.setString(2, step);
            return rows(ps).stream().findFirst();
        }
    }

    private static List<StepApproval> rows(PreparedStatement ps) throws SQLException {
        List<StepApproval> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StepApproval(rs.getString(1), rs.getString(2), "approved".equals(rs.getString(3)), rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5)), Optional.ofNullable(rs.getString(6))));
            }
        }
        return out;
    }
}
