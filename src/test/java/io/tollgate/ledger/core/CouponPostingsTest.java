package io.tollgate.ledger.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.ledger.AccountKind;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The postings of cash coupons: issued from PROMOTION, used to REVENUE, returned from REVENUE; always balanced. */
class CouponPostingsTest {
    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    @Test
    void anOrderPaidByCouponCashAndCredit() {
        // due 850.00 after the discount: coupon 50.00, then 600.00 cash, 200.00 credit
        List<Posting> legs = Journal.orderPostings("c", "cpn-1", d("50.00"),
                Journal.splitOrder(d("600.00"), d("500.00"), d("800.00")));
        assertThat(legs).containsExactlyInAnyOrder(new Posting("c", AccountKind.CASH, d("-600.00")),
                new Posting("c", AccountKind.CREDIT, d("-200.00")), new Posting("cpn-1", AccountKind.COUPON, d("-50.00")),
                new Posting(Journal.PLATFORM, AccountKind.REVENUE, d("850.00"))); // 600.00 + 200.00 + 50.00
    }

    @Test
    void anOrderPaidByTheCouponAlone() {
        List<Posting> legs = Journal.orderPostings("c", "cpn-1", d("10.00"),
                Journal.splitOrder(d("0.00"), d("0.00"), d("0.00")));
        assertThat(legs).containsExactlyInAnyOrder(new Posting("cpn-1", AccountKind.COUPON, d("-10.00")),
                new Posting(Journal.PLATFORM, AccountKind.REVENUE, d("10.00")));
    }

    @Test
    void aRefundReturnsCouponsFromRevenue() {
        Journal.RefundSplit split = Journal.splitRefund(d("0.00"), d("0.00"), d("950.00"), d("0.00"));
        List<Posting> legs = Journal.refundPostings("c", split, Map.of("cpn-1", d("50.00")));
        assertThat(legs).containsExactlyInAnyOrder(new Posting("c", AccountKind.CASH, d("950.00")),
                new Posting("cpn-1", AccountKind.COUPON, d("50.00")),
                new Posting(Journal.PLATFORM, AccountKind.REVENUE, d("-1000.00"))); // 950.00 + 50.00
        // only a coupon to return (a renewal paid by its coupon alone)
        assertThat(Journal.refundPostings("c", Journal.splitRefund(d("0.00"), d("0.00"), d("0.00"), d("0.00")),
                Map.of("cpn-2", d("80.00")))).containsExactlyInAnyOrder(
                new Posting("cpn-2", AccountKind.COUPON, d("80.00")),
                new Posting(Journal.PLATFORM, AccountKind.REVENUE, d("-80.00")));
    }

    @Test
    void issueAndRevoke() {
        assertThat(Journal.couponIssuePostings("cpn-1", d("20.00"))).containsExactly(
                new Posting(Journal.PLATFORM, AccountKind.PROMOTION, d("-20.00")),
                new Posting("cpn-1", AccountKind.COUPON, d("20.00")));
        assertThat(Journal.couponRevokePostings("cpn-1", d("20.00"))).containsExactly(
                new Posting("cpn-1", AccountKind.COUPON, d("-20.00")),
                new Posting(Journal.PLATFORM, AccountKind.PROMOTION, d("20.00")));
    }
}
