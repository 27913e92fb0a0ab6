package io.tollgate.export.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.billing.BillingPeriod;
import io.tollgate.customer.Caller;
import io.tollgate.customer.CustomerService;
import io.tollgate.customer.Role;
import io.tollgate.export.ExportService;
import io.tollgate.export.FocusExport;
import io.tollgate.export.core.FocusSchema;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Downloads of a month's bills as files. Everything a request can get wrong (the caller, the
 * customer, the month) is checked before the first byte is written, so a refusal is still a
 * problem+json answer; the rows then stream straight into the response.
 */
@RestController
@RequestMapping("/api/v1/customers/{customerId}/exports")
@Tag(name = "exports", description = "A month's transactions, detailed bill, summary and FOCUS dataset as files")
public class ExportController {
    private final ExportService exports;
    private final FocusExport focus;
    private final CustomerService customers;
    private final Clock clock;

    public ExportController(ExportService exports, FocusExport focus, CustomerService customers, Clock clock) {
        this.exports = exports;
        this.focus = focus;
        this.customers = customers;
        this.clock = clock;
    }

    @GetMapping(value = "/transactions.csv", produces = "text/csv")
    @Operation(summary = "The month's transactions as CSV (RFC 4180, UTF-8, amounts with 8 decimals, times in the "
            + "billing zone)", responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "text/csv",
            examples = @ExampleObject(name = "two transactions", value = """
                    TransactionId,Type,BusinessTime,RecordedAt,Reference,Amount,Cash,Credit,Coupons,Arrears,Currency
                    41,TOPUP,2026-11-01T09:12:00+08:00,2026-11-01T09:12:00.118+08:00,pay-2026-001,100.00000000,100.00000000,0.00000000,0.00000000,0.00000000,CNY
                    57,USAGE,2026-11-01T11:00:00+08:00,2026-11-01T11:00:03.020+08:00,hour 2026-11-01T10:00+08:00,3.50000000,-3.50000000,0.00000000,0.00000000,0.00000000,CNY
                    """))))
    public void transactions(Caller caller, @PathVariable String customerId,
                             @RequestParam(required = false) String month, HttpServletResponse response)
            throws IOException {
        download(caller, customerId, month, "transactions", response, exports::writeTransactions);
    }

    @GetMapping(value = "/detail.csv", produces = "text/csv")
    @Operation(summary = "The month's detailed bill as CSV: every line (pay-per-use, prepaid orders and refunds, "
            + "adjustments, usage not settled yet) with its record type, usage, unit price, list, discount, amount, "
            + "truncated amount and the coupon, cash, credit and arrears parts (8 decimals)",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "text/csv",
                    examples = @ExampleObject(name = "a settled hour", value = """
                            LineId,Status,RecordType,Kind,AmountKind,ResourceId,ServiceType,ResourceType,Meter,SpecCode,Region,BillingMode,BilledHour,PeriodStart,PeriodEnd,AdjustsHour,Usage,FreeUsage,PackageUsage,Unit,UnitPrice,PriceVersion,ListAmount,DiscountAmount,Amount,ChargedAmount,TruncatedAmount,CouponAmount,CashAmount,CreditAmount,ArrearsAmount,Currency,OrderId,TransactionId,EnterpriseProject,Tags
                            812,SETTLED,USAGE,USAGE,CHARGE,nb-100,modelarts,modelarts.notebook,COMPUTE,modelarts.vm.gpu.t4,cn-north-4,PAY_PER_USE,2026-11-01T10:00:00+08:00,2026-11-01T10:00:00+08:00,2026-11-01T11:00:00+08:00,,1.0000000000,0.0000000000,0.0000000000,HOUR,3.5000000000,1,3.50000000,0.00000000,3.50000000,3.50000000,0.00000000,0.00000000,3.50000000,0.00000000,0.00000000,CNY,,57,default,team=vision
                            """))))
    public void detail(Caller caller, @PathVariable String customerId, @RequestParam(required = false) String month,
                       HttpServletResponse response) throws IOException {
        download(caller, customerId, month, "detail", response, exports::writeDetail);
    }

    @GetMapping(value = "/summary.csv", produces = "text/csv")
    @Operation(summary = "The month summary as CSV: the total, then one row per service type, resource type, billing "
            + "mode, enterprise project and record type, with list, discount, truncated, amount due and how it was paid",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "text/csv",
                    examples = @ExampleObject(name = "a month", value = """
                            Month,Dimension,Value,Lines,ListAmount,DiscountAmount,TruncatedAmount,AmountDue,Cash,Credit,Coupons,Arrears,Currency
                            2026-11,total,,2,7.00000000,0.00000000,0.00000000,7.00000000,7.00000000,0.00000000,0.00000000,0.00000000,CNY
                            2026-11,serviceType,modelarts,2,7.00000000,0.00000000,0.00000000,7.00000000,7.00000000,0.00000000,0.00000000,0.00000000,CNY
                            """))))
    public void summary(Caller caller, @PathVariable String customerId, @RequestParam(required = false) String month,
                        HttpServletResponse response) throws IOException {
        download(caller, customerId, month, "summary", response, exports::writeSummary);
    }

    @GetMapping(value = "/focus.csv", produces = "text/csv")
    @Operation(summary = "The FOCUS 1.2 Cost and Usage dataset of the billing period (CSV, UTC times, NULL as an "
            + "empty field): Usage rows for settled pay-per-use lines, Purchase rows for prepaid payments and refunds, "
            + "daily Committed rows of the amortized terms, Credit rows for cash coupons; see docs/exports.md",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "text/csv",
                    examples = @ExampleObject(name = "the header", value = "BilledCost,BillingAccountId,"
                            + "BillingAccountName,BillingCurrency,BillingPeriodEnd,BillingPeriodStart,ChargeCategory,..."))))
    public void focus(Caller caller, @PathVariable String customerId, @RequestParam(required = false) String month,
                      HttpServletResponse response) throws IOException {
        download(caller, customerId, month, "focus", response, focus::write);
    }

    @GetMapping(value = "/focus-schema.json", produces = "application/json")
    @Operation(summary = "The FOCUS metadata of the dataset: data generator, SchemaId, FocusVersion 1.2 and one "
            + "column definition per CSV column")
    public void focusSchema(Caller caller, @PathVariable String customerId, HttpServletResponse response)
            throws IOException {
        authorize(caller, customerId, null);
        response.setContentType("application/json");
        response.getWriter().write(FocusSchema.json(FocusSchema.DATA_GENERATOR, clock.instant()));
    }

    /** One month's file of a customer: everything checked before the first byte, then streamed. */
    private void download(Caller caller, String customerId, String month, String file, HttpServletResponse response,
                          MonthFile content) throws IOException {
        BillingPeriod period = authorize(caller, customerId, month);
        try (Writer out = open(response, customerId + "-" + period.month() + "-" + file + ".csv")) {
            content.write(customerId, period, out);
        }
    }

    /** Writes a customer's month to a file. */
    @FunctionalInterface
    private interface MonthFile {
        void write(String customerId, BillingPeriod period, Appendable out);
    }

    private BillingPeriod authorize(Caller caller, String customerId, String month) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        customers.customer(customerId);
        return BillingPeriod.of(month, clock);
    }

    private static Writer open(HttpServletResponse response, String fileName) throws IOException {
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        return new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
    }
}
