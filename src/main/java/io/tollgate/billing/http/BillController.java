package io.tollgate.billing.http;

import io.tollgate.billing.BillingPeriod;
import io.tollgate.billing.FeeRecordView;
import io.tollgate.billing.TransactionView;
import io.tollgate.customer.Caller;
import io.tollgate.customer.CustomerService;
import io.tollgate.customer.Role;
import io.tollgate.ledger.LedgerService;
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
    private final Clock clock;

    public BillController(LedgerService ledger, SettlementService settlement, CustomerService customers, Clock clock) {
        this.ledger = ledger;
        this.settlement = settlement;
        this.customers = customers;
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
    @Operation(summary = "The detailed bill: one line per resource, meter and settled period in a month, with a cursor")
    public Page<FeeRecordView> detail(Caller caller, @PathVariable String customerId,
                                      @RequestParam(required = false) String month,
                                      @RequestParam(required = false) String resourceId,
                                      @RequestParam(required = false) String cursor,
                                      @RequestParam(required = false) Integer limit) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        customers.customer(customerId);
        BillingPeriod period = BillingPeriod.of(month, clock);
        int size = Page.size(limit);
        List<FeeRecord> rows = settlement.feeRecords(customerId, period.start(), period.endExclusive(), resourceId,
                Page.decodeLong(cursor), size + 1);
        Page<FeeRecord> page = Page.of(rows, size, f -> Long.toString(f.id()));
        return new Page<>(page.items().stream().map(FeeRecordView::of).toList(), page.nextCursor());
    }
}
