package io.tollgate.cost.store;

import io.tollgate.cost.UtilizationService.Sample;
import io.tollgate.cost.UtilizationService.Stats;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Utilization samples per resource and minute (V27_2). */
@Repository
public class UtilizationStore {
    private final JdbcTemplate jdbc;

    public UtilizationStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The key of a stored sample: its resource and minute. */
    public record Key(String resourceId, Instant minute) {
    }

    /** The samples already stored under any of {@code samples}' keys. */
    public Map<Key, Sample> existing(List<Sample> samples) {
        Map<Key, Sample> out = new HashMap<>();
        if (samples.isEmpty()) {
            return out;
        }
        String[] customers = samples.stream().map(Sample::customerId).toArray(String[]::new);
        String[] resources = samples.stream().map(Sample::resourceId).toArray(String[]::new);
        Timestamp[] minutes = samples.stream().map(s -> Timestamp.from(s.minute())).toArray(Timestamp[]::new);
        jdbc.query(c -> {
            var ps = c.prepareStatement("select s.* from cost_utilization_sample s join unnest(?::text[], ?::text[], "
                    + "?::timestamptz[]) as k(customer_id, resource_id, minute) using (customer_id, resource_id, minute)");
            ps.setArray(1, c.createArrayOf("text", customers));
            ps.setArray(2, c.createArrayOf("text", resources));
            ps.setArray(3, c.createArrayOf("timestamptz", minutes));
            return ps;
        }, rs -> {
            Sample s = new Sample(rs.getString("customer_id"), rs.getString("resource_id"),
                    rs.getTimestamp("minute").toInstant(), rs.getBigDecimal("gpu_util"), rs.getBigDecimal("memory_util"));
            out.put(new Key(s.resourceId(), s.minute()), s);
        });
        return out;
    }

    /** Inserts the samples; returns, for each, whether it was new (false: a concurrent writer stored it first). */
    public boolean[] insert(List<Sample> samples) {
        int[][] counts = jdbc.batchUpdate("insert into cost_utilization_sample (customer_id, resource_id, minute, "
                + "gpu_util, memory_util) values (?, ?, ?, ?, ?) on conflict do nothing", samples, 1000, (ps, s) -> {
                    ps.setString(1, s.customerId());
                    ps.setString(2, s.resourceId());
                    ps.setTimestamp(3, Timestamp.from(s.minute()));
                    ps.setBigDecimal(4, s.gpuUtil());
                    ps.setBigDecimal(5, s.memoryUtil());
                });
        boolean[] inserted = new boolean[samples.size()];
        int i = 0;
        for (int[] chunk : counts) {
            for (int n : chunk) {
                inserted[i++] = n != 0; // SUCCESS_NO_INFO (-2) counts as stored
            }
        }
        return inserted;
    }

    /** Deletes a customer's samples older than {@code before}. */
    public int purge(String customerId, Instant before) {
        return jdbc.update("delete from cost_utilization_sample where customer_id = ? and minute < ?", customerId,
                Timestamp.from(before));
    }

    /**
     * Per resource of the customer with samples in [from, to): how many, and the 95th percentile
     * (a sample's own value: the smallest with at least 95% of the samples at or below it) of GPU
     * and of memory utilization.
     */
    public List<Stats> stats(String customerId, Instant from, Instant to) {
        List<Stats> out = new ArrayList<>();
        jdbc.query("select resource_id, count(*) as n, percentile_disc(0.95) within group (order by gpu_util) as gpu, "
                        + "percentile_disc(0.95) within group (order by memory_util) as memory "
                        + "from cost_utilization_sample where customer_id = ? and minute >= ? and minute < ? "
                        + "group by resource_id order by resource_id",
                rs -> {
                    BigDecimal gpu = rs.getBigDecimal("gpu");
                    out.add(new Stats(rs.getString("resource_id"), rs.getLong("n"), gpu, rs.getBigDecimal("memory")));
                }, customerId, Timestamp.from(from), Timestamp.from(to));
        return out;
    }
}
