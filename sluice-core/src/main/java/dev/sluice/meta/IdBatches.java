package dev.sluice.meta;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Queries over many ids, a few hundred per statement ({@code WHERE x IN (?, ?, ...)}): one statement per id would
 * cost a round trip each, one statement for all would pass the databases' limits on bound values. Stateless.
 */
final class IdBatches {
    /** Ids bound per statement: well under SQLite's and PostgreSQL's limits. */
    static final int SIZE = 400;

    private IdBatches() {}

    /** Runs {@code sql} (with one {@code %s} where the placeholders go) for each batch of ids. */
    static void query(Connection c, String sql, Collection<String> ids, StepRunReader.RowHandler handler) throws SQLException {
        for (List<String> batch : batches(ids)) {
            StepRunReader.query(c, sql.formatted(marks(batch.size())), batch.toArray(), handler);
        }
    }

    static List<List<String>> batches(Collection<String> ids) {
        List<List<String>> out = new ArrayList<>();
        List<String> all = List.copyOf(ids);
        for (int i = 0; i < all.size(); i += SIZE) out.add(all.subList(i, Math.min(all.size(), i + SIZE)));
        return out;
    }

    /** {@code ?, ?, ?} for {@code n} values. */
    static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
