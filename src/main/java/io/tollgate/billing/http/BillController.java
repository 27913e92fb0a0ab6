package io.tollgate.billing.http;

import io.tollgate.billing.BillService;
import io.tollgate.billing.BillingPeriod;
import io.tollgate.billing.LineFilter;
import io.tollgate.billing.FeeRecordView;
import io.tollgate.billing.TransactionView;
import io.tollgate.customer.Caller;
import io.tollgate.customer.CustomerService;
import io.tollgate.customer.Role;
import io.tollgate.ledger.LedgerService;
import io.tollgate.ledger.Transaction;
import io.tollgate.shared.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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
    private final CustomerService customers;
    private final BillService bills;
    private final Clock clock;

    public BillController(LedgerService ledger, CustomerService customers, BillService bills, Clock clock) {
        this.ledger = ledger;
        this.customers = customers;
        this.bills = bills;
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
    @Operation(summary = "The detailed bill of a month: every record type as lines, with cursor pages",
            description = "Settled lines first (status SETTLED: one per resource, meter and period, with how it was "
                    + "paid), then prepaid orders paid or refunded in the month (status PAID: PURCHASE, RENEWAL, "
                    + "AUTO_RENEWAL, CHANGE, REFUND for a downgrade or an unsubscription, PACKAGE_PURCHASE; billed at "
                    + "their payment time), then usage rated on arrival but not settled yet (status UNSETTLED). "
                    + "recordType USAGE or ADJUSTMENT (late usage or a late event, with the hour it corrects) for "
                    + "pay-per-use; amountKind CHARGE, VOLUME_TIER_CREDIT, CREDIT or REFUND. Filters combine; a "
                    + "filter value that names nothing answers 400 invalid-filter. Example: "
                    + "GET /api/v1/customers/c-1/bills/detail?month=2026-11&recordType=RENEWAL&limit=50")
    public Page<FeeRecordView> detail(Caller caller, @PathVariable String customerId,
                                      @Parameter(example = "2026-11") @RequestParam(required = false) String month,
                                      @RequestParam(required = false) String resourceId,
                                      @Parameter(example = "modelarts") @RequestParam(required = false)
                                      String serviceType,
                                      @RequestParam(required = false) String resourceType,
                                      @Parameter(example = "PAY_PER_USE") @RequestParam(required = false)
                                      String billingMode,
                                      @Parameter(example = "PURCHASE") @RequestParam(required = false)
                                      String recordType,
                                      @RequestParam(required = false) String enterpriseProject,
                                      @RequestParam(required = false) String cursor,
                                      @RequestParam(required = false) Integer limit) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        customers.customer(customerId);
        BillingPeriod period = BillingPeriod.of(month, clock);
        LineFilter filter = LineFilter.parse(resourceId, serviceType, resourceType, billingMode, recordType,
                enterpriseProject);
        return bills.lines(customerId, period, filter, cursor, Page.size(limit));
    }
}
