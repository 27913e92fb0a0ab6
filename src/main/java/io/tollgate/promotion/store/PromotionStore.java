package io.tollgate.promotion.store;

import io.tollgate.promotion.core.Coupon;
import io.tollgate.promotion.core.Discount;
import io.tollgate.promotion.core.Restrictions;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL for discounts, coupons, issue idempotency and balance alerts (the promotion_* tables). */
@Repository
public class PromotionStore {
    private final JdbcTemplate jdbc;

    public PromotionStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // ---- discounts ----------------------------------------------------------------------------------------

    public long insertDiscount(Discount d, Instant now) {
        return jdbc.queryForObject("insert into promotion_discount (customer_id, percent, service_type, billing_mode, "
                + "valid_from, valid_to, created_at) values (?, ?, ?, ?, ?, ?, ?) returning id", Long.class,
                d.customerId(), d.percent(), d.serviceType(), d.billingMode(), Timestamp.from(d.validFrom()),
                d.validTo() == null ? null : Timestamp.from(d.validTo()), Timestamp.from(now));
    }

    private static final String DISCOUNT_COLUMNS = "select id, customer_id, percent, service_type, billing_mode, "
            + "valid_from, valid_to from promotion_discount ";

    private static Discount discount(ResultSet rs, int i) throws SQLException {
        Timestamp to = rs.getTimestamp(7);
        return new Discount(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3), rs.getString(4), rs.getString(5),
                rs.getTimestamp(6).toInstant(), to == null ? null : to.toInstant());
    }

    /** The discounts of these customers, oldest first. */
    public List<Discount> discounts(Collection<String> customerIds) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query(con -> {
            var ps = con.prepareStatement(DISCOUNT_COLUMNS + "where customer_id = any (?) order by id");
            ps.setArray(1, con.createArrayOf("text", customerIds.toArray()));
            return ps;
        }, PromotionStore::discount);
    }

    public Optional<Discount> lockDiscount(long id) {
        return jdbc.query(DISCOUNT_COLUMNS + "where id = ? for update", PromotionStore::discount, id).stream()
                .findFirst();
    }

    public void endDiscount(long id, Instant at) {
        jdbc.update("update promotion_discount set valid_to = ? where id = ?", Timestamp.from(at), id);
    }

    // ---- coupons ------------------------------------------------------------------------------------------

    public void insertCoupon(Coupon c) {
        Restrictions r = c.restrictions();
        jdbc.update(con -> {
            var ps = con.prepareStatement("insert into promotion_coupon (id, customer_id, campaign_id, kind, currency, "
                    + "face_value, rate, cap, valid_from, valid_until, service_types, resource_types, billing_modes, "
                    + "order_types, regions, min_amount, issued_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            ps.setString(1, c.id());
            ps.setString(2, c.customerId());
            ps.setString(3, c.campaignId());
            ps.setString(4, c.kind().name());
            ps.setString(5, c.currency());
            ps.setBigDecimal(6, c.faceValue());
            ps.setBigDecimal(7, c.rate());
            ps.setBigDecimal(8, c.cap());
            ps.setTimestamp(9, Timestamp.from(c.validFrom()));
            ps.setTimestamp(10, Timestamp.from(c.validUntil()));
            ps.setArray(11, con.createArrayOf("text", r.serviceTypes().stream().sorted().toArray()));
            ps.setArray(12, con.createArrayOf("text", r.resourceTypes().stream().sorted().toArray()));
            ps.setArray(13, con.createArrayOf("text", r.billingModes().stream().sorted().toArray()));
            ps.setArray(14, con.createArrayOf("text", r.orderTypes().stream().sorted().toArray()));
            ps.setArray(15, con.createArrayOf("text", r.regions().stream().sorted().toArray()));
            ps.setBigDecimal(16, r.minAmount());
            ps.setTimestamp(17, Timestamp.from(c.issuedAt()));
            return ps;
        });
    }

    private static final String COUPON_COLUMNS = "select id, customer_id, campaign_id, kind, currency, face_value, "
            + "rate, cap, valid_from, valid_until, service_types, resource_types, billing_modes, order_types, regions, "
            + "min_amount, used_order_id, revoked_at, issued_at from promotion_coupon ";

    private static Set<String> set(Array a) throws SQLException {
        return a == null ? Set.of() : Set.copyOf(Arrays.asList((String[]) a.getArray()));
    }

    private static Coupon coupon(ResultSet rs, int i) throws SQLException {
        Restrictions r = new Restrictions(set(rs.getArray(11)), set(rs.getArray(12)), set(rs.getArray(13)),
                set(rs.getArray(14)), set(rs.getArray(15)), rs.getBigDecimal(16));
        long used = rs.getLong(17);
        Long usedOrder = rs.wasNull() ? null : used;
        Timestamp revoked = rs.getTimestamp(18);
        return new Coupon(rs.getString(1), rs.getString(2), rs.getString(3), Coupon.Kind.valueOf(rs.getString(4)),
                rs.getString(5).trim(), rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getBigDecimal(8),
                rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant(), r, usedOrder,
                revoked == null ? null : revoked.toInstant(), rs.getTimestamp(19).toInstant());
    }

    public Optional<Coupon> coupon(String id) {
        return jdbc.query(COUPON_COLUMNS + "where id = ?", PromotionStore::coupon, id).stream().findFirst();
    }

    /** Locks a coupon's row (a discount coupon's single use, a revocation); taken before any ledger account. */
    public Optional<Coupon> lockCoupon(String id) {
        return jdbc.query(COUPON_COLUMNS + "where id = ? for update", PromotionStore::coupon, id).stream().findFirst();
    }

    /** A customer's coupons, earliest expiry first, after the cursor id when given. */
    public List<Coupon> coupons(String customerId, int limit) {
        return jdbc.query(COUPON_COLUMNS + "where customer_id = ? order by valid_until, id limit ?",
                PromotionStore::coupon, customerId, limit);
    }

    /** The cash coupons of these customers not revoked whose validity contains some instant in [from, to). */
    public List<Coupon> cashCoupons(Collection<String> customerIds, Instant from, Instant to) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query(con -> {
            var ps = con.prepareStatement(COUPON_COLUMNS + "where customer_id = any (?) and kind = 'CASH' "
                    + "and revoked_at is null and valid_from < ? and valid_until > ? order by valid_until, id");
            ps.setArray(1, con.createArrayOf("text", customerIds.toArray()));
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setTimestamp(3, Timestamp.from(from));
            return ps;
        }, PromotionStore::coupon);
    }

    /** A customer's coupons usable at {@code at} as far as time and revocation go (not counting value left). */
    public List<Coupon> validCoupons(String customerId, Instant at) {
        return jdbc.query(COUPON_COLUMNS + "where customer_id = ? and revoked_at is null and valid_from <= ? "
                + "and valid_until > ? order by valid_until, id", PromotionStore::coupon, customerId,
                Timestamp.from(at), Timestamp.from(at));
    }

    public List<Coupon> campaign(String campaignId) {
        return jdbc.query(COUPON_COLUMNS + "where campaign_id = ? order by customer_id", PromotionStore::coupon,
                campaignId);
    }

    public void markUsed(String couponId, long orderId) {
        jdbc.update("update promotion_coupon set used_order_id = ? where id = ?", orderId, couponId);
    }

    public void markRevoked(String couponId, Instant at) {
        jdbc.update("update promotion_coupon set revoked_at = ? where id = ?", Timestamp.from(at), couponId);
    }

    // ---- issue idempotency --------------------------------------------------------------------------------

    public record Issued(String requestHash, List<String> couponIds, String campaignId) {
    }

    /** Takes the key (waiting for a concurrent request with the same key); empty when it was free. */
    public Optional<Issued> claimIssueKey(String key, String requestHash, Instant now) {
        int inserted = jdbc.update("insert into promotion_issue (idempotency_key, request_hash, coupon_ids, created_at) "
                + "values (?, ?, '{}', ?) on conflict do nothing", key, requestHash, Timestamp.from(now));
        if (inserted == 1) {
            return Optional.empty();
        }
        return jdbc.query("select request_hash, coupon_ids, campaign_id from promotion_issue where idempotency_key = ?",
                (rs, i) -> new Issued(rs.getString(1), Arrays.asList((String[]) rs.getArray(2).getArray()),
                        rs.getString(3)), key).stream().findFirst();
    }

    public void saveIssued(String key, List<String> couponIds, String campaignId) {
        jdbc.update(con -> {
            var ps = con.prepareStatement("update promotion_issue set coupon_ids = ?, campaign_id = ? "
                    + "where idempotency_key = ?");
            ps.setArray(1, con.createArrayOf("text", couponIds.toArray()));
            ps.setString(2, campaignId);
            ps.setString(3, key);
            return ps;
        });
    }

    // ---- balance alerts -----------------------------------------------------------------------------------

    public record Alert(String customerId, BigDecimal threshold, boolean armed, int crossings, Instant updatedAt) {
    }

    private static Alert alert(ResultSet rs, int i) throws SQLException {
        return new Alert(rs.getString(1), rs.getBigDecimal(2), rs.getBoolean(3), rs.getInt(4),
                rs.getTimestamp(5).toInstant());
    }

    public void saveAlert(Alert a) {
        jdbc.update("insert into promotion_balance_alert (customer_id, threshold, armed, crossings, updated_at) "
                + "values (?, ?, ?, ?, ?) on conflict (customer_id) do update set threshold = excluded.threshold, "
                + "armed = excluded.armed, crossings = excluded.crossings, updated_at = excluded.updated_at",
                a.customerId(), a.threshold(), a.armed(), a.crossings(), Timestamp.from(a.updatedAt()));
    }

    public Optional<Alert> alert(String customerId) {
        return jdbc.query("select customer_id, threshold, armed, crossings, updated_at from promotion_balance_alert "
                + "where customer_id = ?", PromotionStore::alert, customerId).stream().findFirst();
    }

    /** Locks the alerts of these customers, in customer order (after the ledger accounts of the money move). */
    public List<Alert> lockAlerts(Collection<String> customerIds) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query(con -> {
            var ps = con.prepareStatement("select customer_id, threshold, armed, crossings, updated_at "
                    + "from promotion_balance_alert where customer_id = any (?) order by customer_id for update");
            ps.setArray(1, con.createArrayOf("text", customerIds.toArray()));
            return ps;
        }, PromotionStore::alert);
    }

    public void deleteAlert(String customerId) {
        jdbc.update("delete from promotion_balance_alert where customer_id = ?", customerId);
    }
}
