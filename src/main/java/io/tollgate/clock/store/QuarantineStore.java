package io.tollgate.clock.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL for the job quarantine. */
@Repository
public class QuarantineStore {
    private final JdbcTemplate jdbc;

    public QuarantineStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Row(String job, String item, String error, int attempts, Instant firstFailedAt, Instant lastFailedAt,
                      Instant retryAt) {
    }

    /** Items of a job held back at {@code now} (their retry is later). */
    public List<String> held(String job, Instant now) {
        return jdbc.queryForList("select item from clock_quarantine where job = ? and retry_at > ? limit 10000",
                String.class, job, Timestamp.from(now));
    }

    /** Items of a job whose retry time came: the next run tries them again. */
    public List<String> released(String job, Instant now) {
        return jdbc.queryForList("select item from clock_quarantine where job = ? and retry_at <= ?", String.class,
                job, Timestamp.from(now));
    }

    /** Records a failure; returns the number of failures in a row of this item. */
    public int failed(String job, String item, String error, Instant now, java.util.function.IntFunction<Instant> retry) {
        Integer before = jdbc.query("select attempts from clock_quarantine where job = ? and item = ? for update",
                rs -> rs.next() ? rs.getInt(1) : 0, job, item);
        int attempts = (before == null ? 0 : before) + 1;
        jdbc.update("insert into clock_quarantine (job, item, error, attempts, first_failed_at, last_failed_at, retry_at) "
                + "values (?, ?, ?, ?, ?, ?, ?) on conflict (job, item) do update set error = excluded.error, "
                + "attempts = excluded.attempts, last_failed_at = excluded.last_failed_at, retry_at = excluded.retry_at",
                job, item, error, attempts, Timestamp.from(now), Timestamp.from(now), Timestamp.from(retry.apply(attempts)));
        return attempts;
    }

    public void clear(String job, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            var ps = con.prepareStatement("delete from clock_quarantine where job = ? and item = any (?)");
            ps.setString(1, job);
            ps.setArray(2, con.createArrayOf("text", items.toArray()));
            return ps;
        });
    }

    public boolean retryNow(String job, String item, Instant now) {
        return jdbc.update("update clock_quarantine set retry_at = ? where job = ? and item = ?", Timestamp.from(now),
                job, item) == 1;
    }

    public List<Row> page(int limit) {
        return jdbc.query("select * from clock_quarantine order by last_failed_at desc, job, item limit ?",
                (rs, i) -> new Row(rs.getString("job"), rs.getString("item"), rs.getString("error"),
                        rs.getInt("attempts"), rs.getTimestamp("first_failed_at").toInstant(),
                        rs.getTimestamp("last_failed_at").toInstant(), rs.getTimestamp("retry_at").toInstant()),
                limit);
    }

    public long count(String job) {
        Long n = jdbc.queryForObject("select count(*) from clock_quarantine where job = ?", Long.class, job);
        return n == null ? 0 : n;
    }
}
