package io.tollgate.billing.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.billing.AmortizationService;
import io.tollgate.billing.BillingPeriod;
import io.tollgate.billing.DailyCost;
import io.tollgate.billing.MonthSummary;
import io.tollgate.billing.MonthSummaryService;
import io.tollgate.billing.Statement;
import io.tollgate.billing.StatementDocuments;
import io.tollgate.billing.StatementService;
import io.tollgate.customer.Caller;
import io.tollgate.customer.CustomerService;
import io.tollgate.customer.Role;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Text;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The month summary, the finalised statements (JSON, CSV, PDF) and the daily costs of amortization. */
@RestController
@RequestMapping("/api/v1/customers/{customerId}")
@Tag(name = "billing centre", description = "Month summary, statements and daily (amortized) costs")
public class BillingCentreController {
    private static final String SUMMARY_EXAMPLE = "{\"customerId\":\"c-1\",\"month\":\"2026-11\",\"currency\":\"CNY\","
            + "\"total\":{\"lines\":3,\"list\":\"365.66000000\",\"discount\":\"0.00000000\",\"truncated\":\"0.00000000\","
            + "\"due\":\"365.66\",\"paid\":{\"cash\":\"365.66\",\"credit\":\"0.00\",\"coupons\":\"0.00\","
            + "\"arrears\":\"0.00\"}},\"by\":{\"billingMode\":[{\"key\":\"PAY_PER_USE\",\"parts\":{\"lines\":2}}]}}";
    private static final String STATEMENT_EXAMPLE = "{\"number\":\"ST-c-1-2026-11\",\"customerId\":\"c-1\","
            + "\"month\":\"2026-11\",\"currency\":\"CNY\",\"balances\":{\"opening\":\"0.00\",\"charges\":\"365.66\","
            + "\"payments\":\"500.00\",\"refunds\":\"0.00\",\"adjustments\":\"0.00\",\"closing\":\"134.34\","
            + "\"arrears\":\"0.00\"}}";
    private final MonthSummaryService summaries;
    private final StatementService statements;
    private final StatementDocuments documents;
    private final AmortizationService amortization;
    private final CustomerService customers;
    private final Clock clock;

    public BillingCentreController(MonthSummaryService summaries, StatementService statements,
                                   StatementDocuments documents, AmortizationService amortization,
                                   CustomerService customers, Clock clock) {
        this.summaries = summaries;
        this.statements = statements;
        this.documents = documents;
        this.amortization = amortization;
        this.customers = customers;
        this.clock = clock;
    }

    @GetMapping("/bills/summary")
    @Operation(summary = "The month summary: totals by service type, resource type, billing mode, enterprise "
            + "project and record type (list, discount, truncated, amount due and how it was paid)",
            description = "Amount due = list - discount - truncated = cash + credit + coupons + arrears; the totals "
                    + "are the sums of the month's settled and paid lines of GET .../bills/detail. The last hour of a "
                    + "month, settled on the 1st, counts in the old month. Example: GET "
                    + "/api/v1/customers/c-1/bills/summary?month=2026-11",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = SUMMARY_EXAMPLE))))
    public MonthSummary summary(Caller caller, @PathVariable String customerId,
                                @Parameter(example = "2026-11") @RequestParam(required = false) String month) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        customers.customer(customerId);
        return summaries.summary(customerId, BillingPeriod.of(month, clock));
    }

    @GetMapping("/statements")
    @Operation(summary = "The customer's finalised statements, newest first (at most 120)",
            description = "Example: GET /api/v1/customers/c-1/statements")
    public List<Statement> statements(Caller caller, @PathVariable String customerId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return statements.statements(customerId, 120);
    }

    @GetMapping("/statements/{month}")
    @Operation(summary = "A month's finalised statement: opening balance, charges, payments, refunds, adjustments, "
            + "closing balance and arrears (404 unknown-statement before it is finalised)",
            description = "Example: GET /api/v1/customers/c-1/statements/2026-11",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = STATEMENT_EXAMPLE))))
    public Statement statement(Caller caller, @PathVariable String customerId,
                               @Parameter(example = "2026-11") @PathVariable String month) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return statements.statement(customerId, BillingPeriod.of(month, clock).month());
    }

    @GetMapping(value = "/statements/{month}/csv", produces = "text/csv")
    @Operation(summary = "A month's finalised statement as CSV (a header and one row)",
            description = "Example: GET /api/v1/customers/c-1/statements/2026-11/csv")
    public ResponseEntity<String> statementCsv(Caller caller, @PathVariable String customerId,
                                               @Parameter(example = "2026-11") @PathVariable String month) {
        Statement s = statement(caller, customerId, month);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv; charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"" + s.number() + ".csv\"")
                .body(documents.csv(s));
    }

    @GetMapping(value = "/statements/{month}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "A month's finalised statement as a PDF to file",
            description = "Example: GET /api/v1/customers/c-1/statements/2026-11/pdf")
    public ResponseEntity<byte[]> statementPdf(Caller caller, @PathVariable String customerId,
                                               @Parameter(example = "2026-11") @PathVariable String month) {
        Statement s = statement(caller, customerId, month);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header("Content-Disposition", "attachment; filename=\"" + s.number() + ".pdf\"")
                .body(documents.pdf(s));
    }

    /** One day's cost of one resource in the asked view. */
    public record DailyCostView(LocalDate day, String resourceId, String cost, String currency) {
    }

    @GetMapping("/costs/daily")
    @Operation(summary = "Cost per day and resource, original or amortized (billing-rules §9)",
            description = "ORIGINAL puts prepaid money on the day it was paid (refunds negative on their day); "
                    + "AMORTIZED spreads each paid slice evenly over the whole days of its term (cents allocated so "
                    + "the days add up exactly), an unsubscription's refund negative on its day with the slices' "
                    + "remainder recognised there. Pay-per-use counts on its usage day in both. Days without cost in the "
                    + "view are left out. to is exclusive, at "
                    + "most 400 days after from. Example: GET /api/v1/customers/c-1/costs/daily?from=2026-11-01"
                    + "&to=2026-12-01&view=AMORTIZED")
    public List<DailyCostView> daily(Caller caller, @PathVariable String customerId,
                                     @Parameter(example = "2026-11-01") @RequestParam String from,
                                     @Parameter(example = "2026-12-01") @RequestParam String to,
                                     @RequestParam(required = false) String resourceId,
                                     @Parameter(example = "AMORTIZED") @RequestParam(required = false) String view) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        String currency = customers.customer(customerId).currency();
        DailyCost.View v = view(view);
        // A day with cost only in the other view (a payment day in the amortized one) is left out.
        return amortization.daily(customerId, Text.day(from, "from"), Text.day(to, "to"), resourceId).stream()
                .filter(d -> d.cost(v).signum() != 0).map(d -> new DailyCostView(d.day(), d.resourceId(), d.cost(v).toPlainString(), currency)).toList();
    }

    private static DailyCost.View view(String view) {
        if (view == null) {
            return DailyCost.View.AMORTIZED;
        }
        try {
            return DailyCost.View.valueOf(view);
        } catch (IllegalArgumentException e) {
            throw Failure.invalid("invalid-filter", "view must be ORIGINAL or AMORTIZED");
        }
    }
}
