package io.tollgate.billing;

import io.tollgate.billing.core.DailySpread;
import io.tollgate.billing.core.RecordType;
import io.tollgate.settlement.FeeReads;
import io.tollgate.settlement.HourCharge;
import io.tollgate.shared.Failure;
import io.tollgate.subscription.Order;
import io.tollgate.subscription.PrepaidReads;
import io.tollgate.subscription.TermSlice;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * Original and amortized cost per day and resource (billing-rules §9). Amortized: each paid slice
 * (purchase, renewal, auto-renewal, upgrade, a package over its validity; a downgrade's negative
 * slice) is spread by
 * {@link DailySpread} over the whole days of its term; an unsubscription's refund is negative cost
 * on its day, where the refunded slices' unamortized remainder is recognised, so nothing falls on
 * the days after. Original: every order's amount due (negative for refunds) on its payment day.
 * Pay-per-use: the charged amount on the usage day, in both views.
 */
@Service
public class AmortizationService {
    /** The longest range one call computes; a longer one is refused. */
    public static final int MAX_DAYS = 400;
    private static final int ORDER_PAGE = 500;
    private final FeeReads fees;
    private final PrepaidReads prepaid;
    private final Clock clock;

    AmortizationService(FeeReads fees, PrepaidReads prepaid, Clock clock) {
        this.fees = fees;
        this.prepaid = prepaid;
        this.clock = clock;
    }

    private record Key(LocalDate day, String resourceId) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int byDay = day.compareTo(o.day);
            return byDay != 0 ? byDay : resourceId.compareTo(o.resourceId);
        }
    }

    /** The days [from, toExclusive) with any cost, by day then resource; optionally of one resource. */
    public List<DailyCost> daily(String customerId, LocalDate from, LocalDate toExclusive, String resourceId) {
        if (!toExclusive.isAfter(from) || toExclusive.toEpochDay() - from.toEpochDay() > MAX_DAYS) {
            throw Failure.invalid("invalid-range", "to must be after from, at most " + MAX_DAYS + " days later");
        }
        ZoneId zone = clock.getZone();
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = toExclusive.atStartOfDay(zone).toInstant();
        Days days = new Days(from, toExclusive);
        for (HourCharge h : fees.hourCharges(customerId, start, end, resourceId)) {
            days.add(day(h.usageHour()), h.resourceId(), h.charged(), h.charged());
        }
        forEachSliceDay(customerId, from, toExclusive, resourceId,
                (s, d, part) -> days.add(d, s.resourceId(), BigDecimal.ZERO, part));
        forEachOrder(customerId, start, end, resourceId, o -> {
            BigDecimal due = new BigDecimal(OrderLines.line(o, new OrderLines.Context(null, null, Map.of()))
                    .chargedAmount());
            boolean unsubscription = o.type().name().equals("UNSUBSCRIPTION");
            days.add(day(o.paidAt()), o.resourceId(), due, unsubscription ? due : BigDecimal.ZERO);
        });
        return days.costs();
    }

    /** One day's share of a paid prepaid slice: what the FOCUS export shows as a committed usage row. */
    public record PrepaidShare(LocalDate day, String resourceId, String resourceType, long orderId, BigDecimal amount,
                               boolean resourcePackage, String specCode, String region, int nodes) {
    }

    /**
     * The daily shares of the customer's paid slices on the days [from, toExclusive), in slice order
     * (a refunded slice's remainder on its refund day, as in {@link #daily}); days without a share are left out.
     */
    public void forEachPrepaidShare(String customerId, LocalDate from, LocalDate toExclusive,
                                    Consumer<PrepaidShare> sink) {
        forEachSliceDay(customerId, from, toExclusive, null, (s, d, part) -> sink.accept(new PrepaidShare(d,
                s.resourceId(), s.resourceType(), s.orderId(), part, s.kind().equals("PACKAGE"), s.specCode(),
                s.region(), s.nodes())));
    }

    /** What {@link #forEachSliceDay} gives: a slice and one of its days with its share. */
    private interface SliceDay {
        void accept(TermSlice slice, LocalDate day, BigDecimal part);
    }

    /**
     * Every non-zero daily share, on the days [from, toExclusive), of the slices paid or refunded
     * then (optionally of one resource): each slice spread by {@link DailySpread} over its whole
     * days, a refunded slice's remainder on its refund day.
     */
    private void forEachSliceDay(String customerId, LocalDate from, LocalDate toExclusive, String resourceId,
                                 SliceDay sink) {
        ZoneId zone = clock.getZone();
        for (TermSlice s : prepaid.slices(customerId, from.atStartOfDay(zone).toInstant(),
                toExclusive.atStartOfDay(zone).toInstant(), resourceId)) {
            LocalDate refundDay = s.refundedAt() == null ? null : day(s.refundedAt());
            DailySpread.amortize(s.paid(), DailySpread.wholeDays(s.startsAt(), s.endsExclusive(), zone), refundDay)
                    .forEach((d, part) -> {
                        if (!d.isBefore(from) && d.isBefore(toExclusive) && part.signum() != 0) {
                            sink.accept(s, d, part);
                        }
                    });
        }
    }

    /**
     * One day's prepaid cost of a resource in one view, with what the cost centre groups it by:
     * the order's resource type, region and spec, and the record type (a slice's: its order's
     * type; an unsubscription's refund: REFUND).
     */
    public record PrepaidCost(LocalDate day, String resourceId, String resourceType, String region, String specCode,
                              RecordType recordType, BigDecimal amount) {
    }

    /**
     * The prepaid costs on the days [from, toExclusive) in {@code view}, as {@link #daily} counts
     * them: amortized, each slice's daily shares (a refunded slice's remainder on its refund day)
     * and each refund on its day; original, each paid order's amount due on its payment day.
     */
    public void forEachPrepaidCost(String customerId, LocalDate from, LocalDate toExclusive, DailyCost.View view,
                                   Consumer<PrepaidCost> sink) {
        ZoneId zone = clock.getZone();
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = toExclusive.atStartOfDay(zone).toInstant();
        if (view == DailyCost.View.AMORTIZED) {
            forEachSliceDay(customerId, from, toExclusive, null, (s, d, part) -> sink.accept(new PrepaidCost(d,
                    s.resourceId(), s.resourceType(), s.region(), s.specCode(), sliceType(s), part)));
        }
        forEachOrder(customerId, start, end, null, o -> {
            boolean unsubscription = o.type().name().equals("UNSUBSCRIPTION");
            if (view == DailyCost.View.ORIGINAL || unsubscription) {
                var line = OrderLines.line(o, new OrderLines.Context(null, null, Map.of()));
                sink.accept(new PrepaidCost(day(o.paidAt()), o.resourceId(), o.resourceType(), o.region(),
                        o.specCode(), RecordType.valueOf(line.recordType()), new BigDecimal(line.chargedAmount())));
            }
        });
    }

    private static RecordType sliceType(TermSlice s) {
        return switch (s.kind()) {
            case "RENEWAL" -> s.auto() ? RecordType.AUTO_RENEWAL : RecordType.RENEWAL;
            case "UPGRADE" -> RecordType.CHANGE;
            case "DOWNGRADE" -> RecordType.REFUND;
            case "PACKAGE" -> RecordType.PACKAGE_PURCHASE;
            default -> RecordType.PURCHASE;
        };
    }

    /** The running sums per day and resource of a range, both views. */
    private static final class Days {
        private final LocalDate from;
        private final LocalDate toExclusive;
        private final Map<Key, BigDecimal[]> sums = new TreeMap<>();

        Days(LocalDate from, LocalDate toExclusive) {
            this.from = from;
            this.toExclusive = toExclusive;
        }

        void add(LocalDate day, String resourceId, BigDecimal original, BigDecimal amortized) {
            if (day.isBefore(from) || !day.isBefore(toExclusive)) {
                return;
            }
            BigDecimal[] v = sums.computeIfAbsent(new Key(day, resourceId),
                    k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            v[0] = v[0].add(original);
            v[1] = v[1].add(amortized);
        }

        List<DailyCost> costs() {
            List<DailyCost> out = new ArrayList<>(sums.size());
            sums.forEach((k, v) -> out.add(new DailyCost(k.day(), k.resourceId(), v[0], v[1])));
            return out;
        }
    }
    private void forEachOrder(String customerId, Instant start, Instant end, String resourceId, Consumer<Order> sink) {
        long after = 0;
        List<Order> page;
        do {
            page = prepaid.paidOrders(customerId, start, end, after, ORDER_PAGE);
            for (Order o : page) {
                after = o.id();
                if (resourceId == null || resourceId.equals(o.resourceId())) {
                    sink.accept(o);
                }
            }
        } while (page.size() == ORDER_PAGE);
    }

    private LocalDate day(Instant t) {
        return t.atZone(clock.getZone()).toLocalDate();
    }
}
