package io.tollgate.ledger.core;

import io.tollgate.ledger.AccountKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The pure rules of moving money: how a charge splits between cash and arrears, how a top-up
 * pays arrears first, and the postings each produces (always summing to zero).
 */
public final class Journal {
    public static final String PLATFORM = "#platform";

    private Journal() {
    }

    /** How a charge is paid: from cash as far as it goes, the rest becomes arrears. */
    public record ChargeSplit(BigDecimal fromCash, BigDecimal fromCredit, BigDecimal toArrears) {
        public ChargeSplit(BigDecimal fromCash, BigDecimal toArrears) {
            this(fromCash, BigDecimal.ZERO.setScale(2), toArrears);
        }
    }

    /** How a top-up is used: arrears are paid first, the rest is cash. */
    public record TopUpSplit(BigDecimal toArrears, BigDecimal toCash, BigDecimal toCredit) {
        public TopUpSplit(BigDecimal toArrears, BigDecimal toCash) {
            this(toArrears, toCash, BigDecimal.ZERO.setScale(2));
        }
    }

    /** How an order is paid: cash, then credit; a shortfall means it cannot be paid now. */
    public record OrderSplit(BigDecimal fromCash, BigDecimal fromCredit, BigDecimal shortfall) {
        public boolean paid() {
            return shortfall.signum() == 0;
        }
    }

    /** Where a refund goes: back to the credit it used (as far as credit is still owed), then arrears, then cash. */
    public record RefundSplit(BigDecimal toCredit, BigDecimal toArrears, BigDecimal toCash) {
    }

    public static ChargeSplit splitCharge(BigDecimal cashBalance, BigDecimal charge) {
        requireCents(charge);
        if (charge.signum() < 0 || cashBalance.signum() < 0) {
            throw new IllegalArgumentException("a charge and a cash balance are never negative: " + charge + ", " + cashBalance);
        }
        BigDecimal fromCash = cashBalance.min(charge);
        return new ChargeSplit(fromCash, charge.subtract(fromCash));
    }

    /** A pay-per-use charge: cash first, then the credit still available, the rest becomes arrears. */
    public static ChargeSplit splitCharge(BigDecimal cashBalance, BigDecimal creditAvailable, BigDecimal charge) {
        ChargeSplit cashOnly = splitCharge(cashBalance, charge);
        BigDecimal fromCredit = creditAvailable.max(BigDecimal.ZERO).min(cashOnly.toArrears());
        return new ChargeSplit(cashOnly.fromCash(), fromCredit, cashOnly.toArrears().subtract(fromCredit));
    }

    public static TopUpSplit splitTopUp(BigDecimal arrearsBalance, BigDecimal topUp) {
        return splitTopUp(arrearsBalance, BigDecimal.ZERO.setScale(2), topUp);
    }

    /** A top-up pays arrears first, then the credit used, and the rest becomes cash. */
    public static TopUpSplit splitTopUp(BigDecimal arrearsBalance, BigDecimal creditBalance, BigDecimal topUp) {
        requireCents(topUp);
        if (topUp.signum() <= 0 || arrearsBalance.signum() > 0 || creditBalance.signum() > 0) {
            throw new IllegalArgumentException("a top-up is positive; arrears and credit used are never positive");
        }
        BigDecimal toArrears = arrearsBalance.negate().min(topUp);
        BigDecimal toCredit = creditBalance.negate().min(topUp.subtract(toArrears));
        return new TopUpSplit(toArrears, topUp.subtract(toArrears).subtract(toCredit), toCredit);
    }

    /**
     * Pays {@code due} (after discount and coupon) from cash, then from the credit still available
     * ({@code limit + creditBalance}); whatever remains is a shortfall.
     */
    public static OrderSplit splitOrder(BigDecimal cashBalance, BigDecimal creditAvailable, BigDecimal due) {
        requireCents(due);
        if (due.signum() < 0) {
            throw new IllegalArgumentException("an amount due is never negative: " + due);
        }
        BigDecimal fromCash = cashBalance.max(BigDecimal.ZERO).min(due);
        BigDecimal fromCredit = creditAvailable.max(BigDecimal.ZERO).min(due.subtract(fromCash));
        return new OrderSplit(fromCash, fromCredit, due.subtract(fromCash).subtract(fromCredit));
    }

    public static List<Posting> orderPostings(String customer, OrderSplit split) {
        List<Posting> postings = new ArrayList<>();
        addIfNonZero(postings, customer, AccountKind.CASH, split.fromCash().negate());
        addIfNonZero(postings, customer, AccountKind.CREDIT, split.fromCredit().negate());
        postings.add(new Posting(PLATFORM, AccountKind.REVENUE, split.fromCash().add(split.fromCredit())));
        return requireBalanced(postings);
    }

    public static RefundSplit splitRefund(BigDecimal arrearsBalance, BigDecimal creditBalance, BigDecimal toCash,
                                          BigDecimal toCredit) {
        BigDecimal credit = creditBalance.negate().max(BigDecimal.ZERO).min(toCredit);
        BigDecimal rest = toCash.add(toCredit).subtract(credit);
        BigDecimal arrears = arrearsBalance.negate().max(BigDecimal.ZERO).min(rest);
        return new RefundSplit(credit, arrears, rest.subtract(arrears));
    }

    /**
     * A usage credit (a fee that went down: a cheaper volume tier, a late stop) undoes the payment
     * order in reverse: it pays arrears first, then restores credit used, and the rest becomes cash.
     */
    public static RefundSplit splitUsageCredit(BigDecimal arrearsBalance, BigDecimal creditBalance, BigDecimal credit) {
        requireCents(credit);
        if (credit.signum() <= 0) {
            throw new IllegalArgumentException("a usage credit is positive: " + credit);
        }
        BigDecimal arrears = arrearsBalance.negate().max(BigDecimal.ZERO).min(credit);
        BigDecimal toCredit = creditBalance.negate().max(BigDecimal.ZERO).min(credit.subtract(arrears));
        return new RefundSplit(toCredit, arrears, credit.subtract(arrears).subtract(toCredit));
    }

    public static List<Posting> refundPostings(String customer, RefundSplit split) {
        List<Posting> postings = new ArrayList<>();
        postings.add(new Posting(PLATFORM, AccountKind.REVENUE,
                split.toCredit().add(split.toArrears()).add(split.toCash()).negate()));
        addIfNonZero(postings, customer, AccountKind.CREDIT, split.toCredit());
        addIfNonZero(postings, customer, AccountKind.ARREARS, split.toArrears());
        addIfNonZero(postings, customer, AccountKind.CASH, split.toCash());
        return requireBalanced(postings);
    }

    public static List<Posting> chargePostings(String customer, ChargeSplit split) {
        List<Posting> postings = new ArrayList<>();
        addIfNonZero(postings, customer, AccountKind.CASH, split.fromCash().negate());
        addIfNonZero(postings, customer, AccountKind.CREDIT, split.fromCredit().negate());
        addIfNonZero(postings, customer, AccountKind.ARREARS, split.toArrears().negate());
        postings.add(new Posting(PLATFORM, AccountKind.REVENUE,
                split.fromCash().add(split.fromCredit()).add(split.toArrears())));
        return requireBalanced(postings);
    }

    public static List<Posting> topUpPostings(String customer, TopUpSplit split) {
        List<Posting> postings = new ArrayList<>();
        postings.add(new Posting(PLATFORM, AccountKind.FUNDING,
                split.toArrears().add(split.toCash()).add(split.toCredit()).negate()));
        addIfNonZero(postings, customer, AccountKind.ARREARS, split.toArrears());
        addIfNonZero(postings, customer, AccountKind.CREDIT, split.toCredit());
        addIfNonZero(postings, customer, AccountKind.CASH, split.toCash());
        return requireBalanced(postings);
    }

    /**
     * The legs of one entry with the legs of each account added up (an entry posts once per
     * account) and zero legs left out; fails fast unless they balance.
     */
    public static List<Posting> mergeLegs(List<Posting> legs) {
        java.util.Map<String, Posting> merged = new java.util.LinkedHashMap<>();
        for (Posting p : legs) {
            merged.merge(p.owner() + "|" + p.kind(), p, (a, b) -> new Posting(a.owner(), a.kind(),
                    a.amount().add(b.amount())));
        }
        return requireBalanced(merged.values().stream().filter(p -> p.amount().signum() != 0).toList());
    }

    /** Issuing a cash coupon: its face value moves from the platform's PROMOTION account to the coupon. */
    public static List<Posting> couponIssuePostings(String couponId, BigDecimal faceValue) {
        requirePositive(faceValue);
        return requireBalanced(List.of(new Posting(PLATFORM, AccountKind.PROMOTION, faceValue.negate()),
                new Posting(couponId, AccountKind.COUPON, faceValue)));
    }

    /** Revoking an unused cash coupon: what it holds goes back to PROMOTION. */
    public static List<Posting> couponRevokePostings(String couponId, BigDecimal remainder) {
        requirePositive(remainder);
        return requireBalanced(List.of(new Posting(couponId, AccountKind.COUPON, remainder.negate()),
                new Posting(PLATFORM, AccountKind.PROMOTION, remainder)));
    }

    /** An order paid: the coupon part from the coupon, the rest from cash and credit, all to revenue. */
    public static List<Posting> orderPostings(String customer, String couponId, BigDecimal fromCoupon, OrderSplit split) {
        List<Posting> legs = new ArrayList<>();
        addIfNonZero(legs, customer, AccountKind.CASH, split.fromCash().negate());
        addIfNonZero(legs, customer, AccountKind.CREDIT, split.fromCredit().negate());
        legs.add(new Posting(PLATFORM, AccountKind.REVENUE, split.fromCash().add(split.fromCredit())));
        if (fromCoupon.signum() > 0) {
            legs.add(new Posting(couponId, AccountKind.COUPON, fromCoupon.negate()));
            legs.add(new Posting(PLATFORM, AccountKind.REVENUE, fromCoupon));
        }
        return mergeLegs(legs);
    }

    /** A refund that also gives coupon amounts back to their coupons (coupon id -> amount), from revenue. */
    public static List<Posting> refundPostings(String customer, RefundSplit split, java.util.Map<String, BigDecimal> toCoupons) {
        List<Posting> legs = new ArrayList<>();
        BigDecimal money = split.toCredit().add(split.toArrears()).add(split.toCash());
        if (money.signum() > 0) {
            legs.addAll(refundPostings(customer, split));
        }
        toCoupons.forEach((coupon, amount) -> {
            requirePositive(amount);
            legs.add(new Posting(coupon, AccountKind.COUPON, amount));
            legs.add(new Posting(PLATFORM, AccountKind.REVENUE, amount.negate()));
        });
        return mergeLegs(legs);
    }

    private static void requirePositive(BigDecimal amount) {
        requireCents(amount);
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a coupon amount is positive: " + amount);
        }
    }

    /** Fails fast unless the postings have two or more legs that sum to zero at cent scale. */
    public static List<Posting> requireBalanced(List<Posting> postings) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Posting p : postings) {
            requireCents(p.amount());
            sum = sum.add(p.amount());
        }
        if (postings.size() < 2 || sum.signum() != 0) {
            throw new IllegalStateException("an entry needs two or more postings summing to zero: " + postings);
        }
        return postings;
    }

    private static void addIfNonZero(List<Posting> postings, String owner, AccountKind kind, BigDecimal amount) {
        if (amount.signum() != 0) {
            postings.add(new Posting(owner, kind, amount));
        }
    }

    private static void requireCents(BigDecimal amount) {
        if (amount.scale() > 2 && amount.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException("ledger amounts are at the cent: " + amount);
        }
    }
}
