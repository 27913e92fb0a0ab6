package io.tollgate.billing.http;

import io.tollgate.billing.BillingPeriod;
import io.tollgate.billing.FeeRecordView;
import io.tollgate.billing.TransactionView;
import io.tollgate.customer.Caller;
import io.tollgate.customer.CustomerService;
import io.tollgate.customer.Role;
import io.tollgate.ledger.LedgerService;
import io.tollgate.metering.MeteringService;
import io.tollgate.metering.UsageLine;
import io.tollgate.ledger.Transaction;
import io.tollgate.settlement.FeeRecord;
import io.tollgate.settlement.SettlementService;
import io.tollgate.shared.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/customers/{customerId}")
@Tag(name = "bills", description = "Transactions and the detailed bill")
public class BillController {
    private final LedgerService ledger;
    private final SettlementService settlement;
    private final CustomerService customers;
    private final MeteringService metering;
    private final Clock clock;

    public BillController(LedgerService ledger, SettlementService settlement, CustomerService customers,
                          MeteringService metering, Clock clock) {
        this.ledger = ledger;
        this.settlement = settlement;
        this.customers = customers;
        this.metering = metering;
        this.clock = clock;
    }

    @GetMapping("/transactions")
    @Operation(summary = "Money moved (top-ups, usage deductions) in a month, oldest first, with a cursor")
    public Page<TransactionView> transactions(Caller caller, @PathVariable String customerId,
                                              @RequestParam(required = false) String month,
                                              @RequestParam(required = false) String cursor,
                                              @RequestParam(required = false) Integer limit) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        String currency = customers.customer(customerId).currency();
        BillingPeriod period = BillingPeriod.of(month, clock);
        int size = Page.size(limit);
        List<Transaction> rows = ledger.transactions(customerId, period.start(), period.endExclusive(),
                Page.decodeLong(cursor), size + 1);
        Page<Transaction> page = Page.of(rows, size, t -> Long.toString(t.id()));
        return new Page<>(page.items().stream().map(t -> TransactionView.of(t, currency)).toList(), page.nextCursor());
    }

    @GetMapping("/bills/detail")
    @Operation(summary = "The detailed bill of a month: settled lines (status SETTLED: one per resource, meter "
            + "and period, with how it was paid), then usage rated on arrival but not settled yet (status UNSETTLED); "
            + "kind USAGE or ADJUSTMENT (late usage, with the hour it corrects); amountKind CHARGE, or "
            + "VOLUME_TIER_CREDIT for the negative amount of usage that moved the month into a cheaper volume tier")
    public Page<FeeRecordView> detail(Caller caller, @PathVariable String customerId,
                                      @RequestParam(required = false) String month,
                                      @RequestParam(required = false) String resourceId,
                                      @RequestParam(required = false) String cursor,
                                      @RequestParam(required = false) Integer limit) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        customers.customer(customerId);
        BillingPeriod period = BillingPeriod.of(month, clock);
        int size = Page.size(limit);
        // Settled lines first (cursor "F<id>"), then usage rated but not settled yet ("U<id>").
        String key = Page.decode(cursor);
        List<FeeRecordView> items = new java.util.ArrayList<>();
        long afterUnsettled = 0;
        if (key == null || key.startsWith("F")) {
            long after = key == null ? 0 : parse(key);
            List<FeeRecord> rows = settlement.feeRecords(customerId, period.start(), period.endExclusive(), resourceId,
                    after, size + 1);
            rows.stream().limit(size).map(FeeRecordView::of).forEach(items::add);
            if (rows.size() > size) {
                return new Page<>(items, Page.encode("F" + rows.get(size - 1).id()));
            }
        } else if (key.startsWith("U")) {
            afterUnsettled = parse(key);
        } else {
            throw io.tollgate.shared.Failure.invalid("invalid-cursor", "the cursor is not one this API returned");
        }
        List<UsageLine> pending = metering.unsettledOf(customerId, period.start(), period.endExclusive(), resourceId,
                afterUnsettled, size - items.size() + 1);
        int room = size - items.size();
        pending.stream().limit(room).map(FeeRecordView::unsettled).forEach(items::add);
        String next = pending.size() > room && room > 0 ? Page.encode("U" + pending.get(room - 1).id())
                : room == 0 && !pending.isEmpty() ? Page.encode("U" + afterUnsettled) : null;
        return new Page<>(items, next);
    }

    private static long parse(String key) {
        try {
            return Long.parseLong(key.substring(1));
        } catch (NumberFormatException e) {
            throw io.tollgate.shared.Failure.invalid("invalid-cursor", "the cursor is not one this API returned");
        }
    }
}
