package io.tollgate.console.customer;

import io.tollgate.billing.http.BillController;
import io.tollgate.billing.http.BillingCentreController;
import io.tollgate.customer.Caller;
import io.tollgate.export.http.ExportController;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Bills: the month summary by dimension, the transactions, the detailed bill with its filters a
 * page at a time, and the statements and exports to download (the API's own files).
 */
@Controller
@RequestMapping("/console/customers/{customerId}/bills")
public class BillsPages {
    static final int PAGE = 50;
    private final BillingCentreController centre;
    private final BillController bills;
    private final ExportController exports;
    private final Clock clock;

    public BillsPages(BillingCentreController centre, BillController bills, ExportController exports, Clock clock) {
        this.centre = centre;
        this.bills = bills;
        this.exports = exports;
        this.clock = clock;
    }

    private String month(String month, Model model) {
        String m = month == null || month.isBlank() ? YearMonth.now(clock).toString() : month;
        model.addAttribute("month", m);
        List<String> months = new ArrayList<>();
        for (YearMonth x = YearMonth.now(clock), first = x.minusMonths(12); !x.isBefore(first); x = x.minusMonths(1)) {
            months.add(x.toString());
        }
        model.addAttribute("months", months);
        return m;
    }

    @GetMapping("/summary")
    public String summary(Caller caller, @PathVariable String customerId, @RequestParam(required = false) String month,
                          Model model) {
        model.addAttribute("section", "summary");
        model.addAttribute("summary", centre.summary(caller, customerId, month(month, model)));
        return "console/customer/bill-summary";
    }

    @GetMapping("/transactions")
    public String transactions(Caller caller, @PathVariable String customerId,
                               @RequestParam(required = false) String month,
                               @RequestParam(required = false) String cursor, Model model) {
        model.addAttribute("section", "transactions");
        model.addAttribute("page", bills.transactions(caller, customerId, month(month, model), cursor, PAGE));
        return "console/customer/transactions";
    }

    @GetMapping("/details")
    public String details(Caller caller, @PathVariable String customerId, @RequestParam(required = false) String month,
                          @RequestParam(required = false) String resourceId,
                          @RequestParam(required = false) String serviceType,
                          @RequestParam(required = false) String billingMode,
                          @RequestParam(required = false) String recordType,
                          @RequestParam(required = false) String cursor, Model model) {
        model.addAttribute("section", "details");
        model.addAttribute("page", bills.detail(caller, customerId, month(month, model), blank(resourceId),
                blank(serviceType), null, blank(billingMode), blank(recordType), null, cursor, PAGE));
        model.addAttribute("resourceId", resourceId);
        model.addAttribute("serviceType", serviceType);
        model.addAttribute("billingMode", billingMode);
        model.addAttribute("recordType", recordType);
        return "console/customer/bill-details";
    }

    @GetMapping("/statements")
    public String statements(Caller caller, @PathVariable String customerId, @RequestParam(required = false) String month,
                             Model model) {
        model.addAttribute("section", "statements");
        month(month, model);
        model.addAttribute("statements", centre.statements(caller, customerId));
        return "console/customer/statements";
    }

    @GetMapping("/statements/{month}.pdf")
    public ResponseEntity<byte[]> statementPdf(Caller caller, @PathVariable String customerId,
                                               @PathVariable String month) {
        return centre.statementPdf(caller, customerId, month);
    }

    @GetMapping("/statements/{month}.csv")
    public ResponseEntity<String> statementCsv(Caller caller, @PathVariable String customerId,
                                               @PathVariable String month) {
        return centre.statementCsv(caller, customerId, month);
    }

    /** A month's export, streamed as the API streams it: detail, summary, transactions or FOCUS. */
    @GetMapping("/exports/{file}.csv")
    public void export(Caller caller, @PathVariable String customerId, @PathVariable String file,
                       @RequestParam(required = false) String month, HttpServletResponse response) throws IOException {
        switch (file) {
            case "detail" -> exports.detail(caller, customerId, month, response);
            case "summary" -> exports.summary(caller, customerId, month, response);
            case "transactions" -> exports.transactions(caller, customerId, month, response);
            case "focus" -> exports.focus(caller, customerId, month, response);
            default -> throw io.tollgate.shared.Failure.notFound("unknown-export",
                    "no export " + file + ": detail, summary, transactions or focus");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
