package io.tollgate.settlement.core;

import io.tollgate.shared.Amounts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The sub-cent carry of pay-per-use charges (billing-rules.md section 3): what a customer has been
 * charged for a billing month is, after every settlement, the month's fee amounts so far rounded
 * half-up to the cent. A line's charged amount is therefore the rounded running sum after it minus
 * the rounded running sum before it, so the lines of a settlement add up exactly to what it charged,
 * nothing is lost to rounding (an hour of 0.0013 is charged once the month reaches half a cent) and
 * nothing is charged twice (an hour of 0.007 is not charged 0.01 every hour).
 */
public final class Carry {
    private Carry() {
    }

    /** The charged part of each amount, and the month's fee total after them. */
    public record Allocation(List<BigDecimal> charged, BigDecimal feeAfter) {
        public BigDecimal total() {
            return charged.stream().reduce(BigDecimal.ZERO.setScale(Amounts.CENT_SCALE), BigDecimal::add);
        }
    }

    /** What the month's charges amount to when its fee amounts sum to {@code feeTotal}. */
    public static BigDecimal chargedFor(BigDecimal feeTotal) {
        return Amounts.toCents(feeTotal, RoundingMode.HALF_UP);
    }

    /**
     * @param feeBefore the month's fee amounts settled so far (8 decimals)
     * @param amounts   the fee amounts of this settlement, in the order their lines are written
     */
    public static Allocation allocate(BigDecimal feeBefore, List<BigDecimal> amounts) {
        BigDecimal running = feeBefore;
        BigDecimal chargedBefore = chargedFor(running);
        List<BigDecimal> charged = new ArrayList<>(amounts.size());
        for (BigDecimal amount : amounts) {
            running = running.add(amount);
            BigDecimal chargedAfter = chargedFor(running);
            charged.add(chargedAfter.subtract(chargedBefore));
            chargedBefore = chargedAfter;
        }
        return new Allocation(charged, running);
    }
}
