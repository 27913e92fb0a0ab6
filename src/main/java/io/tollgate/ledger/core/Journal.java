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
    public record ChargeSplit(BigDecimal fromCash, BigDecimal toArrears) {
    }

    /** How a top-up is used: arrears are paid first, the rest is cash. */
    public record TopUpSplit(BigDecimal toArrears, BigDecimal toCash) {
    }

    public static ChargeSplit splitCharge(BigDecimal cashBalance, BigDecimal charge) {
        requireCents(charge);
        if (charge.signum() < 0 || cashBalance.signum() < 0) {
            throw new IllegalArgumentException("a charge and a cash balance are never negative: " + charge + ", " + cashBalance);
        }
        BigDecimal fromCash = cashBalance.min(charge);
        return new ChargeSplit(fromCash, charge.subtract(fromCash));
    }

    public static TopUpSplit splitTopUp(BigDecimal arrearsBalance, BigDecimal topUp) {
        requireCents(topUp);
        if (topUp.signum() <= 0 || arrearsBalance.signum() > 0) {
            throw new IllegalArgumentException("a top-up is positive and arrears are never positive");
        }
        BigDecimal toArrears = arrearsBalance.negate().min(topUp);
        return new TopUpSplit(toArrears, topUp.subtract(toArrears));
    }

    public static List<Posting> chargePostings(String customer, ChargeSplit split) {
        List<Posting> postings = new ArrayList<>();
        addIfNonZero(postings, customer, AccountKind.CASH, split.fromCash().negate());
        addIfNonZero(postings, customer, AccountKind.ARREARS, split.toArrears().negate());
        postings.add(new Posting(PLATFORM, AccountKind.REVENUE, split.fromCash().add(split.toArrears())));
        return requireBalanced(postings);
    }

    public static List<Posting> topUpPostings(String customer, TopUpSplit split) {
        List<Posting> postings = new ArrayList<>();
        postings.add(new Posting(PLATFORM, AccountKind.FUNDING, split.toArrears().add(split.toCash()).negate()));
        addIfNonZero(postings, customer, AccountKind.ARREARS, split.toArrears());
        addIfNonZero(postings, customer, AccountKind.CASH, split.toCash());
        return requireBalanced(postings);
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
