package io.tollgate.ledger.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.ledger.AccountKind;
import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JournalTest {
    private static BigDecimal cents(long c) {
        return BigDecimal.valueOf(c, 2);
    }

    @Test
    void aChargeBeyondCashBecomesArrears() {
        Journal.ChargeSplit split = Journal.splitCharge(new BigDecimal("0.34"), new BigDecimal("0.66"));
        assertThat(split.fromCash()).isEqualByComparingTo("0.34");
        assertThat(split.toArrears()).isEqualByComparingTo("0.32");
        List<Posting> postings = Journal.chargePostings("c1", split);
        assertThat(postings).extracting(Posting::kind)
                .containsExactly(AccountKind.CASH, AccountKind.ARREARS, AccountKind.REVENUE);
    }

    @Test
    void aUsageCreditGoesBackInReversePaymentOrderArrearsThenCreditThenCash() {
        // 5.00 back with 1.20 owed and 2.50 of credit used: 1.20 to arrears, 2.50 to credit, 1.30 to cash
        Journal.RefundSplit split = Journal.splitUsageCredit(new BigDecimal("-1.20"), new BigDecimal("-2.50"),
                new BigDecimal("5.00"));
        assertThat(split.toArrears()).isEqualByComparingTo("1.20");
        assertThat(split.toCredit()).isEqualByComparingTo("2.50");
        assertThat(split.toCash()).isEqualByComparingTo("1.30");
        List<Posting> postings = Journal.refundPostings("c1", split);
        assertThat(postings.stream().map(Posting::amount).reduce(BigDecimal.ZERO, BigDecimal::add)).isZero();
        // 0.99 back with 1.98 owed: all of it pays arrears
        Journal.RefundSplit small = Journal.splitUsageCredit(new BigDecimal("-1.98"), BigDecimal.ZERO,
                new BigDecimal("0.99"));
        assertThat(small.toArrears()).isEqualByComparingTo("0.99");
        assertThat(small.toCash()).isZero();
        assertThatThrownBy(() -> Journal.splitUsageCredit(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTopUpPaysArrearsFirst() {
        Journal.TopUpSplit split = Journal.splitTopUp(new BigDecimal("-0.98"), new BigDecimal("5.00"));
        assertThat(split.toArrears()).isEqualByComparingTo("0.98");
        assertThat(split.toCash()).isEqualByComparingTo("4.02");
        Journal.TopUpSplit partial = Journal.splitTopUp(new BigDecimal("-10.00"), new BigDecimal("4.00"));
        assertThat(partial.toArrears()).isEqualByComparingTo("4.00");
        assertThat(partial.toCash()).isEqualByComparingTo("0.00");
    }

    @Test
    void unbalancedOrSubCentEntriesFailFast() {
        assertThatThrownBy(() -> Journal.requireBalanced(List.of(new Posting("a", AccountKind.CASH, cents(100)),
                new Posting("b", AccountKind.REVENUE, cents(-99))))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Journal.splitCharge(cents(100), new BigDecimal("0.001")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Every entry balances and money is conserved over random charge and top-up sequences (seeded). */
    @Test
    void randomSequencesConserveMoney() {
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            BigDecimal cash = BigDecimal.ZERO.setScale(2);
            BigDecimal arrears = BigDecimal.ZERO.setScale(2);
            BigDecimal charged = BigDecimal.ZERO;
            BigDecimal toppedUp = BigDecimal.ZERO;
            for (int step = 0; step < 50; step++) {
                BigDecimal amount = cents(1 + random.nextInt(10_000));
                List<Posting> postings;
                if (random.nextBoolean()) {
                    Journal.ChargeSplit s = Journal.splitCharge(cash, amount);
                    postings = Journal.chargePostings("c", s);
                    charged = charged.add(amount);
                } else {
                    Journal.TopUpSplit s = Journal.splitTopUp(arrears, amount);
                    postings = Journal.topUpPostings("c", s);
                    toppedUp = toppedUp.add(amount);
                }
                Journal.requireBalanced(postings);
                for (Posting p : postings) {
                    if (p.kind() == AccountKind.CASH) {
                        cash = cash.add(p.amount());
                    } else if (p.kind() == AccountKind.ARREARS) {
                        arrears = arrears.add(p.amount());
                    }
                }
                assertThat(cash.signum()).isGreaterThanOrEqualTo(0);
                assertThat(arrears.signum()).isLessThanOrEqualTo(0);
                assertThat(cash.signum() > 0 && arrears.signum() < 0).as("cash while in arrears").isFalse();
            }
            assertThat(cash.add(arrears)).isEqualByComparingTo(toppedUp.subtract(charged));
        }
    }
}
