package io.tollgate.settlement;

import io.tollgate.ledger.Charge;
import io.tollgate.ledger.CouponCharge;
import io.tollgate.ledger.CouponClaim;
import io.tollgate.ledger.LedgerService;
import io.tollgate.promotion.BalanceAlerts;
import io.tollgate.promotion.PromotionService;
import io.tollgate.promotion.core.CouponAllocation;
import io.tollgate.promotion.core.Discounts;
import io.tollgate.settlement.core.Carry;
import io.tollgate.settlement.store.SettlementStore;
import io.tollgate.settlement.store.SettlementStore.MonthKey;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Charges settled fee lines to the ledger with the sub-cent carry, for compute and usage alike:
 * the customer's month row is locked (before the ledger accounts, the one lock order of every
 * settlement), each line's charged amount is the month's rounded running sum after it minus the
 * one before it ({@link Carry}), and each customer's hour becomes one ledger charge, or a usage
 * credit when lines went down (a cheaper volume tier, a late stop): credits are charged first so
 * that a charge in the same hour can use what they gave back. Each line's charged cents are paid by
 * the customer's eligible cash coupons first (their accounts locked with the customer's, in the
 * ledger's one id-ordered step), the rest by cash, credit and arrears; commercial discounts are
 * taken off pay-per-use list amounts before the carry ({@link #discounted}).
 */
@Component
class Deduction {
    private final SettlementStore store;
    private final LedgerService ledger;
    private final PromotionService promotion;
    private final BalanceAlerts alerts;
    private final Clock clock;

    Deduction(SettlementStore store, LedgerService ledger, PromotionService promotion, BalanceAlerts alerts,
              Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.promotion = promotion;
        this.alerts = alerts;
        this.clock = clock;
    }

    /**
     * The drafts with the customer's best commercial discount for pay-per-use in force at each
     * line's usage time taken off their list amounts (half-up to 8 decimals): amount = list - discount.
     */
    List<FeeRecord> discounted(List<FeeRecord> drafts) {
        List<BigDecimal> percents = promotion.payPerUseDiscounts(drafts.stream().map(Deduction::ref).toList());
        List<FeeRecord> out = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            FeeRecord d = drafts.get(i);
            BigDecimal percent = percents.get(i);
            out.add(percent.signum() == 0 ? d : d.withDiscount(d.discountAmount()
                    .add(Discounts.amountOff(d.listAmount().subtract(d.discountAmount()), percent, 8))));
        }
        return out;
    }

    /** The percentage of the customer's pay-per-use discount for this resource type and region at {@code at} (zero when none). */
    BigDecimal discountPercent(String customerId, String resourceType, String region, Instant at) {
        return promotion.payPerUseDiscounts(List.of(new PromotionService.FeeLineRef(customerId, resourceType, region,
                at))).get(0);
    }

    private static PromotionService.FeeLineRef ref(FeeRecord d) {
        return new PromotionService.FeeLineRef(d.customerId(), d.resourceType(), d.region(), d.periodStart());
    }

    /** The billing month a line belongs to: the month (in the billing zone) of the hour it is settled in. */
    MonthKey monthOf(FeeRecord draft) {
        LocalDate day = draft.hourStart().atZone(clock.getZone()).toLocalDate();
        return new MonthKey(draft.customerId(), day.withDayOfMonth(1));
    }

    /**
     * Charges the drafts (their amounts set, in the order their lines are numbered) and returns
     * them with their charged amount, truncated amount, payment parts and entry. Must run in the
     * settling transaction.
     */
    List<FeeRecord> charge(List<FeeRecord> drafts) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        // The carry runs through a month's lines in (hour, resource, line) order, so that what each
        // line is charged does not depend on the order in which a batch claimed its resources.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.<Integer, Instant>comparing(i -> drafts.get(i).hourStart())
                .thenComparing(i -> drafts.get(i).resourceId()).thenComparingInt(i -> drafts.get(i).lineNo()));
        Map<MonthKey, List<Integer>> byMonth = new LinkedHashMap<>();
        for (int i : order) {
            byMonth.computeIfAbsent(monthOf(drafts.get(i)), k -> new ArrayList<>()).add(i);
        }
        Map<MonthKey, BigDecimal> fees = store.lockMonthFees(new ArrayList<>(byMonth.keySet()));
        BigDecimal[] charged = new BigDecimal[drafts.size()];
        Map<MonthKey, BigDecimal> after = new LinkedHashMap<>();
        for (var month : byMonth.entrySet()) {
            List<BigDecimal> amounts = month.getValue().stream().map(i -> drafts.get(i).amount()).toList();
            Carry.Allocation a = Carry.allocate(fees.get(month.getKey()), amounts);
            for (int k = 0; k < amounts.size(); k++) {
                charged[month.getValue().get(k)] = a.charged().get(k);
            }
            after.put(month.getKey(), a.feeAfter());
        }
        store.saveMonthFees(after);

        // One ledger charge per customer, hour and sign; credits first.
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < drafts.size(); i++) {
                boolean credit = charged[i].signum() < 0;
                if (credit == (pass == 0)) {
                    FeeRecord d = drafts.get(i);
                    groups.computeIfAbsent(d.customerId() + "|" + d.hourStart() + "|" + credit, k -> new ArrayList<>())
                            .add(i);
                }
            }
        }
        // Cash coupons pay the charged cents of each line first (every eligible coupon valid at the
        // line's hour, earliest expiry first); a credit (negative lines) never restores a coupon.
        List<List<String>> paying = promotion.payingCoupons(drafts.stream()
                .map(d -> new PromotionService.FeeLineRef(d.customerId(), d.resourceType(), d.region(), d.hourStart()))
                .toList());
        List<Charge> charges = new ArrayList<>();
        List<CouponClaim> claims = new ArrayList<>();
        for (List<Integer> group : groups.values()) {
            FeeRecord any = drafts.get(group.get(0));
            BigDecimal total = group.stream().map(i -> charged[i]).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
            charges.add(new Charge(any.customerId(), any.currency(), total, any.hourStart(),
                    "usage:" + any.hourStart()));
            boolean anyCoupon = total.signum() > 0 && group.stream().anyMatch(i -> !paying.get(i).isEmpty());
            claims.add(anyCoupon ? new CouponClaim(group.stream().map(i -> charged[i]).toList(),
                    group.stream().map(paying::get).toList()) : CouponClaim.none());
        }
        List<CouponCharge> results = ledger.charge(charges, claims, CouponAllocation::allocate);
        FeeRecord[] records = new FeeRecord[drafts.size()];
        int g = 0;
        for (List<Integer> group : groups.values()) {
            CouponCharge paid = results.get(g++);
            List<PaymentParts> parts = PaymentParts.spread(paid.rest(), group.stream().map(i -> charged[i]).toList(),
                    paid.lineCoupons());
            for (int k = 0; k < group.size(); k++) {
                int i = group.get(k);
                records[i] = drafts.get(i).withCharge(charged[i], parts.get(k), paid.rest().entryId());
            }
        }
        // What follows the money move, in its transaction: balance alerts of the customers charged.
        alerts.check(drafts.stream().map(FeeRecord::customerId).distinct().toList(), clock.instant());
        return List.of(records);
    }
}
