package io.tollgate.jobs;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** The claim query every job's store runs: items due at a time, less the held ones, a bounded number. */
public final class Claims {
    private Claims() {
    }

    /**
     * Runs {@code sql}, whose three parameters are, in order, the due time, the held keys (as
     * {@code text[]}, e.g. {@code and not (resource_id = any (?))}) and the limit.
     */
    public static <T> List<T> due(JdbcTemplate jdbc, String sql, Instant at, Collection<String> held, int limit,
                                  RowMapper<T> rows) {
        return jdbc.query(con -> {
            var ps = con.prepareStatement(sql);
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setArray(2, con.createArrayOf("text", held.toArray()));
            ps.setInt(3, limit);
            return ps;
        }, rows);
    }
}
