package io.tollgate.billing;

import io.tollgate.billing.store.StatementStore;
import io.tollgate.customer.CustomerService;
import io.tollgate.ledger.AccountFlows;
import io.tollgate.ledger.LedgerService;
import io.tollgate.ledger.Reason;
import io.tollgate.metering.MeteringService;
import io.tollgate.settlement.FeeReads;
import io.tollgate.shared.Failure;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Monthly statements: finalising one customer-month (figures recomputed from the ledger, the
 * opening the previous statement's closing) and reading them. Finalising also closes the month
 * for the customer's fee records, so nothing is ever billed into it afterwards: late data becomes
 * adjustment lines in the open month.
 */
@Service
public class StatementService {
    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);
    private final StatementStore store;
    private final LedgerService ledger;
    private final FeeReads fees;
    private final MeteringService metering;
    private final MonthSummaryService summaries;
    private final CustomerService customers;
    private final Clock clock;

    StatementService(StatementStore store, LedgerService ledger, FeeReads fees, MeteringService metering,
                     MonthSummaryService summaries, CustomerService customers, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.fees = fees;
        this.metering = metering;
        this.summaries = summaries;
        this.customers = customers;
        this.clock = clock;
    }

    /** True when the month's last settlement is done for the customer: no schedule row or usage line due in it. */
    public boolean settled(String customerId, BillingPeriod period) {
        return !fees.hasDueBefore(customerId, period.endExclusive())
                && !metering.hasUnsettledBefore(customerId, period.endExclusive());
    }

    /**
     * Writes the customer's statement of {@code month} (in the caller's transaction) unless it
     * exists; the month must be settled. Returns the statement.
     */
    public Statement finalise(String customerId, YearMonth month) {
        var existing = store.find(customerId, month);
        if (existing.isPresent()) {
            return existing.get();
        }
        BillingPeriod period = BillingPeriod.of(month, clock.getZone());
        if (!settled(customerId, period)) {
            throw new IllegalStateException("month " + month + " of " + customerId + " still has hours to settle");
        }
        AccountFlows flows = ledger.flows(customerId, period.start(), period.endExclusive());
        BigDecimal opening = store.find(customerId, month.minusMonths(1)).map(s -> s.balances().closing())
                .orElse(flows.balanceBefore());
        if (opening.compareTo(flows.balanceBefore()) != 0) {
            throw new IllegalStateException("the ledger before " + month + " of " + customerId + " moved after its "
                    + "statement: " + opening + " then, " + flows.balanceBefore() + " now");
        }
        Statement.Balances balances = new Statement.Balances(opening,
                flows.of(Reason.USAGE).add(flows.of(Reason.ORDER)).negate().add(ZERO), flows.of(Reason.TOPUP),
                flows.of(Reason.REFUND), flows.of(Reason.ADJUSTMENT), flows.balanceAfter(), flows.arrearsAfter());
        MoneyParts total = summaries.summary(customerId, period).total();
        Statement s = new Statement(Statement.number(customerId, month), customerId, month,
                customers.customer(customerId).currency(), period.start(), period.endExclusive(), balances,
                new Statement.BillTotal(total.lines(), total.list(), total.discount(), total.truncated(), total.due()),
                clock.instant());
        fees.closeBefore(customerId, period.endExclusive());
        store.insert(s);
        return s;
    }

    public Statement statement(String customerId, YearMonth month) {
        customers.customer(customerId);
        return store.find(customerId, month).orElseThrow(() -> Failure.notFound("unknown-statement",
                "no finalised statement of " + month + " for " + customerId));
    }

    /** The customer's statements, newest first, at most {@code limit}. */
    public List<Statement> statements(String customerId, int limit) {
        customers.customer(customerId);
        return store.list(customerId, limit);
    }
}
