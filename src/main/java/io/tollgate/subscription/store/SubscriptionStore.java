package io.tollgate.subscription.store;

import io.tollgate.subscription.Order;
import io.tollgate.subscription.OrderStatus;
import io.tollgate.subscription.OrderType;
import io.tollgate.subscription.RenewalAttempt;
import io.tollgate.subscription.Subscription;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for orders, subscriptions, paid terms, renewal attempts and settings. */
@Repository
public class SubscriptionStore {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public SubscriptionStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * A slice of a subscription's prepaid money: what one paid order added over a stretch of term.
     * Amounts are signed: a downgrade's slice is the money it gave back, negative.
     */
    public record PaidTerm(long orderId, String resourceId, SliceKind kind, Instant startsAt, Instant endsExclusive,
                           String termUnit, int termCount, Instant useStartedAt, BigDecimal paidCash,
                           BigDecimal paidCredit, BigDecimal paidCoupon) {
        public BigDecimal paid() {
            return paidCash.add(paidCredit);
        }
    }

    /** What added a slice: a purchase (or mode change), a renewal, an upgrade or a downgrade. */
    public enum SliceKind { PURCHASE, RENEWAL, UPGRADE, DOWNGRADE, PACKAGE }

    /** Inserts an order unless the customer's idempotency key is taken; returns its id, or empty when taken. */
    public Optional<Long> insertOrder(Order o, String idempotencyKey, String requestHash) {
        List<Long> ids = jdbc.queryForList("insert into subscription_order (customer_id, type, status, auto, resource_id, "
                        + "resource_type, spec_code, region, nodes, term_unit, term_count, currency, list_amount, "
                        + "discount_amount, details, idempotency_key, request_hash, created_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) "
                        + "on conflict (customer_id, idempotency_key) do nothing returning id", Long.class,
                o.customerId(), o.type().name(), o.status().name(), o.auto(), o.resourceId(), o.resourceType(),
                o.specCode(), o.region(), o.nodes(), o.termUnit(), o.termCount(), o.currency(), o.listAmount(),
                o.discountAmount(), json.writeValueAsString(o.details()), idempotencyKey, requestHash,
                Timestamp.from(o.createdAt()));
        return ids.stream().findFirst();
    }

    public Optional<String[]> keyOwner(String customerId, String idempotencyKey) {
        return jdbc.query("select id, request_hash from subscription_order where customer_id = ? and idempotency_key = ?",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, customerId, idempotencyKey).stream().findFirst();
    }

    public void markPaid(long orderId, BigDecimal discount, BigDecimal coupon, BigDecimal cash, BigDecimal credit,
                         Instant paidAt, Instant effectiveFrom, Instant expiresAt) {
        jdbc.update("update subscription_order set status = 'PAID', discount_amount = ?, coupon_amount = ?, "
                        + "cash_amount = ?, credit_amount = ?, paid_at = ?, effective_from = ?, expires_at = ? where id = ?",
                discount, coupon, cash, credit, Timestamp.from(paidAt), ts(effectiveFrom), ts(expiresAt), orderId);
    }

    public void markRefunded(long orderId, BigDecimal refund, Map<String, Object> details) {
        jdbc.update("update subscription_order set refund_amount = ?, details = details || ?::jsonb where id = ?", refund,
                json.writeValueAsString(details), orderId);
    }

    public void markCancelled(long orderId, Instant at) {
        jdbc.update("update subscription_order set status = 'CANCELLED', cancelled_at = ? where id = ?",
                Timestamp.from(at), orderId);
    }

    public Optional<Order> lockOrder(long id) {
        return jdbc.query("select * from subscription_order where id = ? for update", (rs, i) -> order(rs, i), id)
                .stream().findFirst();
    }

    public Optional<Order> order(long id) {
        return jdbc.query("select * from subscription_order where id = ?", (rs, i) -> order(rs, i), id)
                .stream().findFirst();
    }

    public List<Order> orders(String customerId, String type, String status, long afterId, int limit) {
        StringBuilder sql = new StringBuilder("select * from subscription_order where customer_id = ? and id > ?");
        List<Object> args = new ArrayList<>(List.of(customerId, afterId));
        if (type != null) {
            sql.append(" and type = ?");
            args.add(type);
        }
        if (status != null) {
            sql.append(" and status = ?");
            args.add(status);
        }
        sql.append(" order by id limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, i) -> order(rs, i), args.toArray());
    }

    /** Whether {@code resourceId} names a package the customer bought (the resource of a PACKAGE order). */
    public boolean boughtPackage(String customerId, String resourceId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from subscription_order where "
                + "customer_id = ? and resource_id = ? and type = 'PACKAGE')", Boolean.class, customerId, resourceId));
    }

    /** A customer's orders paid in [from, to) (purchases, renewals, changes, unsubscriptions), by id after {@code afterId}. */
    public List<Order> paidOrders(String customerId, Instant from, Instant to, long afterId, int limit) {
        return jdbc.query("select * from subscription_order where customer_id = ? and status = 'PAID' and paid_at >= ? "
                        + "and paid_at < ? and id > ? order by id limit ?", (rs, i) -> order(rs, i), customerId,
                Timestamp.from(from), Timestamp.from(to), afterId, limit);
    }

    /**
     * The customer's paid slices that overlap [from, to) or were refunded in it, with the time of
     * their refund (the unsubscription's payment time) when they were.
     */
    public List<io.tollgate.subscription.TermSlice> slices(String customerId, Instant from, Instant to,
                                                          String resourceId) {
        return jdbc.query("select t.*, o.resource_type, o.region, o.spec_code, o.nodes, o.auto, r.paid_at as refunded_at "
                        + "from subscription_term t "
                        + "join subscription_order o on o.id = t.order_id "
                        + "left join subscription_order r on r.id = t.refund_order_id where o.customer_id = ? "
                        + "and (? :: text is null or t.resource_id = ?) and ((t.starts_at < ? and t.ends_exclusive > ?) "
                        + "or (r.paid_at >= ? and r.paid_at < ?)) order by t.order_id",
                (rs, i) -> new io.tollgate.subscription.TermSlice(rs.getLong("order_id"), rs.getString("resource_id"),
                        rs.getString("resource_type"), rs.getString("kind"), rs.getTimestamp("starts_at").toInstant(),
                        rs.getTimestamp("ends_exclusive").toInstant(), rs.getBigDecimal("paid_cash")
                        .add(rs.getBigDecimal("paid_credit")).add(rs.getBigDecimal("paid_coupon")),
                        instant(rs.getTimestamp("refunded_at")), rs.getString("region"), rs.getString("spec_code"),
                        rs.getInt("nodes"), rs.getBoolean("auto")),
                customerId, resourceId, resourceId, Timestamp.from(to), Timestamp.from(from), Timestamp.from(from),
                Timestamp.from(to));
    }

    public boolean pendingOrderFor(String resourceId, OrderType type) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from subscription_order where "
                + "resource_id = ? and type = ? and status = 'PENDING_PAYMENT')", Boolean.class, resourceId, type.name()));
    }

    public void insertSubscription(Subscription s) {
        jdbc.update("insert into subscription_subscription (resource_id, customer_id, resource_type, spec_code, region, "
                        + "nodes, currency, term_unit, term_count, started_at, expires_at, status, auto_renew, "
                        + "convert_to_ppu, next_attempt_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.resourceId(), s.customerId(), s.resourceType(), s.specCode(), s.region(), s.nodes(), s.currency(),
                s.termUnit(), s.termCount(), Timestamp.from(s.startedAt()), Timestamp.from(s.expiresAt()), s.status(),
                s.autoRenew(), s.convertToPayPerUse(), ts(s.nextAttemptAt()));
    }

    public void updateSubscription(Subscription s) {
        jdbc.update("update subscription_subscription set spec_code = ?, nodes = ?, term_unit = ?, term_count = ?, "
                        + "expires_at = ?, status = ?, auto_renew = ?, convert_to_ppu = ?, next_attempt_at = ? "
                        + "where resource_id = ?", s.specCode(), s.nodes(), s.termUnit(), s.termCount(),
                Timestamp.from(s.expiresAt()), s.status(), s.autoRenew(), s.convertToPayPerUse(),
                ts(s.nextAttemptAt()), s.resourceId());
    }

    public Optional<Subscription> lockSubscription(String resourceId) {
        return jdbc.query("select * from subscription_subscription where resource_id = ? for update",
                SubscriptionStore::subscription, resourceId).stream().findFirst();
    }

    public Optional<Subscription> subscription(String resourceId) {
        return jdbc.query("select * from subscription_subscription where resource_id = ?",
                SubscriptionStore::subscription, resourceId).stream().findFirst();
    }

    /** Active subscriptions expiring in [from, to), by resource id after {@code afterId}. */
    public List<Subscription> expiringBetween(Instant from, Instant to, String afterId, int limit) {
        return jdbc.query("select * from subscription_subscription where status = 'ACTIVE' and expires_at >= ? "
                + "and expires_at < ? and resource_id > ? order by resource_id limit ?", SubscriptionStore::subscription,
                Timestamp.from(from), Timestamp.from(to), afterId, limit);
    }

    public List<Subscription> subscriptions(String customerId, String afterId, int limit) {
        return jdbc.query("select * from subscription_subscription where customer_id = ? and resource_id > ? "
                        + "order by resource_id limit ?", SubscriptionStore::subscription, customerId,
                afterId == null ? "" : afterId, limit);
    }

    public List<Subscription> claimDueAttempts(Instant now, int limit, java.util.Collection<String> held) {
        return io.tollgate.jobs.Claims.due(jdbc, "select * from subscription_subscription where next_attempt_at <= ? "
                + "and status = 'ACTIVE' and not (resource_id = any (?)) order by next_attempt_at limit ? "
                + "for update skip locked", now, held, limit, SubscriptionStore::subscription);
    }

    public List<Subscription> claimDueAttempt(Instant now, String resourceId) {
        return jdbc.query("select * from subscription_subscription where resource_id = ? and next_attempt_at <= ? "
                + "and status = 'ACTIVE' for update skip locked", SubscriptionStore::subscription, resourceId,
                Timestamp.from(now));
    }

    /** Active subscriptions whose term ended at or before {@code now} (the second after 23:59:59). */
    public List<Subscription> claimExpired(Instant now, int limit, java.util.Collection<String> held) {
        return io.tollgate.jobs.Claims.due(jdbc, "select * from subscription_subscription where status = 'ACTIVE' "
                + "and expires_at < ? and not (resource_id = any (?)) order by expires_at limit ? "
                + "for update skip locked", now, held, limit, SubscriptionStore::subscription);
    }

    public List<Subscription> claimExpiredOne(Instant now, String resourceId) {
        return jdbc.query("select * from subscription_subscription where resource_id = ? and status = 'ACTIVE' "
                + "and expires_at < ? for update skip locked", SubscriptionStore::subscription, resourceId,
                Timestamp.from(now));
    }

    public Optional<Instant> nextDue() {
        Timestamp t = jdbc.queryForObject("select least((select min(next_attempt_at) from subscription_subscription "
                + "where status = 'ACTIVE'), (select min(expires_at) + interval '1 second' from subscription_subscription "
                + "where status = 'ACTIVE'))", Timestamp.class);
        return Optional.ofNullable(t).map(Timestamp::toInstant);
    }

    public void insertTerm(PaidTerm t) {
        jdbc.update("insert into subscription_term (order_id, resource_id, kind, starts_at, ends_exclusive, "
                        + "term_unit, term_count, use_started_at, paid_cash, paid_credit, paid_coupon) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                t.orderId(), t.resourceId(), t.kind().name(), Timestamp.from(t.startsAt()),
                Timestamp.from(t.endsExclusive()), t.termUnit(), t.termCount(), Timestamp.from(t.useStartedAt()),
                t.paidCash(), t.paidCredit(), t.paidCoupon());
    }

    /** The slices no unsubscription consumed yet, in the order they were paid. */
    public List<PaidTerm> unrefundedTerms(String resourceId) {
        return jdbc.query("select * from subscription_term where resource_id = ? and not refunded "
                        + "order by order_id",
                (rs, i) -> new PaidTerm(rs.getLong("order_id"), rs.getString("resource_id"),
                        SliceKind.valueOf(rs.getString("kind")), rs.getTimestamp("starts_at").toInstant(),
                        rs.getTimestamp("ends_exclusive").toInstant(), rs.getString("term_unit"),
                        rs.getInt("term_count"), rs.getTimestamp("use_started_at").toInstant(),
                        rs.getBigDecimal("paid_cash"), rs.getBigDecimal("paid_credit"),
                        rs.getBigDecimal("paid_coupon")), resourceId);
    }

    /** An unsubscription consumes every slice left. */
    public void markTermsRefunded(String resourceId, long refundOrderId) {
        jdbc.update("update subscription_term set refunded = true, refund_order_id = ? where resource_id = ? "
                + "and not refunded", refundOrderId, resourceId);
    }

    /**
     * Serialises the unsubscriptions of one customer (a transaction-scoped advisory lock), so the
     * five-day limit counts every earlier one: two at once cannot both see nine.
     */
    public void lockCustomerUnsubscriptions(String customerId) {
        jdbc.query("select pg_advisory_xact_lock(hashtext(?))", rs -> null, "subscription-unsubscribe:" + customerId);
    }

    /** Auto-renewing subscriptions of a customer with an attempt planned, locked for rescheduling. */
    public List<Subscription> lockPlannedAttempts(String customerId) {
        return jdbc.query("select * from subscription_subscription where customer_id = ? and status = 'ACTIVE' "
                + "and auto_renew and next_attempt_at is not null order by resource_id for update",
                SubscriptionStore::subscription, customerId);
    }

    public void insertAttempt(String resourceId, String customerId, Instant at, String outcome, String reason,
                              Long orderId) {
        jdbc.update("insert into subscription_renewal_attempt (resource_id, customer_id, attempted_at, outcome, reason, "
                + "order_id) values (?, ?, ?, ?, ?, ?)", resourceId, customerId, Timestamp.from(at), outcome, reason,
                orderId);
    }

    public List<RenewalAttempt> attempts(String resourceId) {
        return jdbc.query("select * from subscription_renewal_attempt where resource_id = ? order by id",
                (rs, i) -> new RenewalAttempt(rs.getLong("id"), rs.getString("resource_id"), rs.getString("customer_id"),
                        rs.getTimestamp("attempted_at").toInstant(), rs.getString("outcome"), rs.getString("reason"),
                        (Long) rs.getObject("order_id")), resourceId);
    }

    public int deductionDays(String customerId) {
        return jdbc.query("select deduction_days from subscription_settings where customer_id = ?",
                (rs, i) -> rs.getInt(1), customerId).stream().findFirst().orElse(7);
    }

    public void saveDeductionDays(String customerId, int days) {
        jdbc.update("insert into subscription_settings (customer_id, deduction_days) values (?, ?) on conflict "
                + "(customer_id) do update set deduction_days = excluded.deduction_days", customerId, days);
    }

    public int fiveDayUnsubscriptions(String customerId) {
        Integer n = jdbc.queryForObject("select count(*) from subscription_order where customer_id = ? and "
                + "type = 'UNSUBSCRIPTION' and details ->> 'fiveDay' = 'true'", Integer.class, customerId);
        return n == null ? 0 : n;
    }

    private static Timestamp ts(Instant t) {
        return t == null ? null : Timestamp.from(t);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private Order order(ResultSet rs, int row) throws SQLException {
        return new Order(rs.getLong("id"), rs.getString("customer_id"), OrderType.valueOf(rs.getString("type")),
                OrderStatus.valueOf(rs.getString("status")), rs.getBoolean("auto"), rs.getString("resource_id"),
                rs.getString("resource_type"), rs.getString("spec_code"), rs.getString("region"), rs.getInt("nodes"),
                rs.getString("term_unit"), (Integer) rs.getObject("term_count"), rs.getString("currency").trim(),
                rs.getBigDecimal("list_amount"), rs.getBigDecimal("discount_amount"), rs.getBigDecimal("coupon_amount"),
                rs.getBigDecimal("cash_amount"), rs.getBigDecimal("credit_amount"), rs.getBigDecimal("refund_amount"),
                instant(rs.getTimestamp("effective_from")), instant(rs.getTimestamp("expires_at")),
                json.readValue(rs.getString("details"), MAP), rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("paid_at")), instant(rs.getTimestamp("cancelled_at")));
    }

    private static Subscription subscription(ResultSet rs, int row) throws SQLException {
        return new Subscription(rs.getString("resource_id"), rs.getString("customer_id"), rs.getString("resource_type"),
                rs.getString("spec_code"), rs.getString("region"), rs.getInt("nodes"), rs.getString("currency").trim(),
                rs.getString("term_unit"), rs.getInt("term_count"), rs.getTimestamp("started_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(), rs.getString("status"), rs.getBoolean("auto_renew"),
                rs.getBoolean("convert_to_ppu"), instant(rs.getTimestamp("next_attempt_at")));
    }
}
