package io.tollgate.billing;

import io.tollgate.billing.store.StatementStore;
import io.tollgate.customer.Customer;
import io.tollgate.customer.CustomerService;
import io.tollgate.jobs.Batches;
import io.tollgate.jobs.JobItems;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The statement job: from the statement day of a month (tollgate.billing.statement-day, default 3,
 * at 00:00 in the billing zone) it finalises the previous month's statement of every customer
 * whose month is settled, one customer per item (its missing months in order, so the chain of
 * openings holds): a customer that fails is quarantined alone. A customer not settled yet waits
 * for a later pass. Once every customer has the month's statement the month is marked complete
 * and later passes skip it.
 */
@Component
public class StatementJob {
    private static final int PAGE = 200;
    private final StatementService statements;
    private final StatementStore store;
    private final CustomerService customers;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int statementDay;

    StatementJob(StatementService statements, StatementStore store, CustomerService customers,
                 PlatformTransactionManager txm, Clock clock,
                 @Value("${tollgate.billing.statement-day:3}") int statementDay) {
        if (statementDay < 1 || statementDay > 28) {
            throw new IllegalArgumentException("tollgate.billing.statement-day must be 1..28, not " + statementDay);
        }
        this.statements = statements;
        this.store = store;
        this.customers = customers;
        this.tx = new TransactionTemplate(txm);
        this.clock = clock;
        this.statementDay = statementDay;
    }

    /** The month whose statements are due now: the previous month once its statement day has come. */
    YearMonth dueMonth() {
        LocalDate today = LocalDate.now(clock);
        YearMonth current = YearMonth.from(today);
        return today.getDayOfMonth() >= statementDay ? current.minusMonths(1) : current.minusMonths(2);
    }

    /** The next statement day (00:00, billing zone) after now. */
    public Optional<Instant> nextDue() {
        LocalDate today = LocalDate.now(clock);
        LocalDate day = YearMonth.from(today).atDay(statementDay);
        Instant at = day.atStartOfDay(clock.getZone()).toInstant();
        if (!at.isAfter(clock.instant())) {
            at = day.plusMonths(1).atStartOfDay(clock.getZone()).toInstant();
        }
        return Optional.of(at);
    }

    /** One pass: returns the number of statements written. */
    public long runDue(JobItems items) {
        YearMonth month = dueMonth();
        if (store.monthCompleted(month)) {
            return 0;
        }
        Instant monthEnd = BillingPeriod.of(month, clock.getZone()).endExclusive();
        long written = 0;
        boolean complete = true;
        String after = "";
        List<Customer> page;
        do {
            page = customers.page(after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            after = page.get(page.size() - 1).id();
            List<String> ids = page.stream().filter(c -> c.createdAt().isBefore(monthEnd)).map(Customer::id).toList();
            List<String> due = missing(ids, month);
            List<String> claimable = due.stream().filter(id -> !items.held().contains(id)).toList();
            written += Batches.run(tx, () -> claimable, id -> id, List::of,
                    batch -> batch.stream().mapToLong(id -> finaliseThrough(id, month)).sum(), items).work();
            complete &= missing(ids, month).isEmpty();
        } while (page.size() == PAGE);
        if (complete) {
            store.completeMonth(month, clock.instant());
        }
        return written;
    }

    private List<String> missing(List<String> ids, YearMonth month) {
        Map<String, YearMonth> last = store.lastMonths(ids);
        return ids.stream().filter(id -> last.get(id) == null || last.get(id).isBefore(month)).toList();
    }

    /** Finalises the customer's months from the first without a statement through {@code month}, while settled. */
    private long finaliseThrough(String customerId, YearMonth month) {
        Customer c = customers.customer(customerId);
        YearMonth last = store.lastMonths(List.of(customerId)).get(customerId);
        YearMonth first = last == null ? YearMonth.from(c.createdAt().atZone(clock.getZone())) : last.plusMonths(1);
        long written = 0;
        for (YearMonth m = first; !m.isAfter(month); m = m.plusMonths(1)) {
            if (!statements.settled(customerId, BillingPeriod.of(m, clock.getZone()))) {
                return written;
            }
            statements.finalise(customerId, m);
            written++;
        }
        return written;
    }
}
