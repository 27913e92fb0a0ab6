package io.tollgate.metering.store;

import io.tollgate.metering.ResourcePackage;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL for resource packages and what each of their periods has given. */
@Repository
public class PackageStore {
    private final JdbcTemplate jdbc;

    public PackageStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One period of one package. */
    public record PeriodKey(String packageId, Instant periodStart) {
    }

    public record Stored(ResourcePackage pkg, String requestHash) {
    }

    /** Inserts the package unless its id exists; returns whether it did. */
    public boolean insert(ResourcePackage p, String requestHash) {
        return jdbc.update("insert into metering_package (id, customer_id, meter, name, quota, period, starts_at, "
                        + "expires_at, granted_at, request_hash, offer_code, order_id) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing", p.id(),
                p.customerId(), p.meter(), p.name(), p.quota(), p.period().name(), Timestamp.from(p.startsAt()),
                Timestamp.from(p.expiresAt()), Timestamp.from(p.grantedAt()), requestHash,
                p.origin() == null ? null : p.origin().offerCode(), p.origin() == null ? null : p.origin().orderId())
                == 1;
    }

    public Optional<Stored> find(String id) {
        return jdbc.query("select * from metering_package where id = ?",
                (rs, i) -> new Stored(pkg(rs, i), rs.getString("request_hash")), id).stream().findFirst();
    }

    /** Packages of a customer and meter not expired at {@code at}. */
    public int countUnexpired(String customerId, String meter, Instant at) {
        Integer n = jdbc.queryForObject("select count(*) from metering_package where customer_id = ? and meter = ? "
                + "and expires_at > ?", Integer.class, customerId, meter, Timestamp.from(at));
        return n == null ? 0 : n;
    }

    /** A customer's packages by id after the cursor, optionally of one meter. */
    public List<ResourcePackage> page(String customerId, String meter, String afterId, int limit) {
        return meter == null
                ? jdbc.query("select * from metering_package where customer_id = ? and id > ? order by id limit ?",
                        PackageStore::pkg, customerId, afterId, limit)
                : jdbc.query("select * from metering_package where customer_id = ? and meter = ? and id > ? "
                        + "order by id limit ?", PackageStore::pkg, customerId, meter, afterId, limit);
    }

    /**
     * Locks, in id order (the same order in every transaction, so two ingestions never wait on
     * each other in a circle), the packages of the customer-meter pairs
     * ({@code customerIds[i]}, {@code meters[i]}) that have not expired at {@code from}, and returns them.
     */
    public List<ResourcePackage> lockUnexpired(List<String> customerIds, List<String> meters, Instant from) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query(con -> {
            var ps = con.prepareStatement("select p.* from metering_package p "
                    + "join unnest(?::text[], ?::text[]) as k(customer_id, meter) "
                    + "on p.customer_id = k.customer_id and p.meter = k.meter "
                    + "where p.expires_at > ? order by p.id for update of p");
            ps.setArray(1, con.createArrayOf("text", customerIds.toArray()));
            ps.setArray(2, con.createArrayOf("text", meters.toArray()));
            ps.setTimestamp(3, Timestamp.from(from));
            return ps;
        }, PackageStore::pkg);
    }

    /** What every period of these packages has given so far. */
    public Map<PeriodKey, BigDecimal> consumed(Collection<String> packageIds) {
        Map<PeriodKey, BigDecimal> consumed = new HashMap<>();
        if (packageIds.isEmpty()) {
            return consumed;
        }
        jdbc.query(con -> {
            var ps = con.prepareStatement("select package_id, period_start, consumed from metering_package_usage "
                    + "where package_id = any (?)");
            ps.setArray(1, con.createArrayOf("text", packageIds.toArray()));
            return ps;
        }, rs -> {
            consumed.put(new PeriodKey(rs.getString(1), rs.getTimestamp(2).toInstant()), rs.getBigDecimal(3));
        });
        return consumed;
    }

    /** Writes what these periods have given (the caller holds the packages' locks). */
    public void saveConsumed(Map<PeriodKey, BigDecimal> consumed) {
        jdbc.batchUpdate("insert into metering_package_usage (package_id, period_start, consumed) values (?, ?, ?) "
                + "on conflict (package_id, period_start) do update set consumed = excluded.consumed",
                new ArrayList<>(consumed.entrySet()), 1000, (ps, e) -> {
                    ps.setString(1, e.getKey().packageId());
                    ps.setTimestamp(2, Timestamp.from(e.getKey().periodStart()));
                    ps.setBigDecimal(3, e.getValue());
                });
    }

    private static ResourcePackage pkg(ResultSet rs, int row) throws SQLException {
        return new ResourcePackage(rs.getString("id"), rs.getString("customer_id"), rs.getString("meter"),
                rs.getString("name"), rs.getBigDecimal("quota"), ResourcePackage.Period.valueOf(rs.getString("period")),
                rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                rs.getTimestamp("granted_at").toInstant(), rs.getString("offer_code") == null ? null
                : new ResourcePackage.Origin(rs.getString("offer_code"), rs.getLong("order_id")));
    }
}
