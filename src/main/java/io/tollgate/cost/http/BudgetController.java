package io.tollgate.cost.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.cost.BudgetService;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/customers/{customerId}/budgets")
@Tag(name = "cost centre", description = "Cost analysis, forecasts, budgets, anomalies and advice")
public class BudgetController {
    private static final String REQUEST_EXAMPLE = "{\"name\":\"ModelArts monthly\",\"measure\":\"COST\","
            + "\"view\":\"ORIGINAL\",\"period\":\"MONTHLY\",\"amount\":\"5000.00\","
            + "\"filters\":[\"serviceType=modelarts\"],\"thresholds\":[{\"percent\":\"80\",\"basis\":\"ACTUAL\"},"
            + "{\"percent\":\"100\",\"basis\":\"FORECAST\"}]}";
    private static final String STATUS_EXAMPLE = "{\"id\":7,\"name\":\"ModelArts monthly\",\"measure\":\"COST\","
            + "\"view\":\"ORIGINAL\",\"period\":\"MONTHLY\",\"amount\":\"5000.00\",\"amounts\":{},"
            + "\"filters\":[\"serviceType=modelarts\"],\"thresholds\":[{\"percent\":\"80\",\"basis\":\"ACTUAL\"}],"
            + "\"current\":{\"periodStart\":\"2026-12-01\",\"periodEnd\":\"2027-01-01\",\"amount\":\"5000.00\","
            + "\"actual\":\"1210.40\",\"forecast\":\"4930.12\",\"actualPercent\":\"24.21\",\"forecastPercent\":\"98.60\"},"
            + "\"alerts\":[]}";
    private final BudgetService budgets;

    public BudgetController(BudgetService budgets) {
        this.budgets = budgets;
    }

    public record BudgetThresholdView(String percent, String basis) {
    }

    public record BudgetPeriodView(LocalDate periodStart, LocalDate periodEnd, String amount, String actual, String forecast,
                              String actualPercent, String forecastPercent) {
    }

    public record BudgetAlertView(LocalDate periodStart, String percent, String basis, String at, String spend,
                            String amount) {
    }

    public record BudgetView(long id, String name, String measure, String view, String unit, String period,
                             String amount, Map<String, String> amounts, List<String> filters,
                             List<BudgetThresholdView> thresholds, BudgetPeriodView current, List<BudgetAlertView> alerts) {
        static BudgetView of(BudgetService.Status s) {
            var b = s.budget();
            Map<String, String> amounts = new LinkedHashMap<>();
            b.amounts().forEach((d, a) -> amounts.put(d.toString(), a.toPlainString()));
            return new BudgetView(b.id(), b.name(), b.measure().name(), b.view().name(), b.unit(), b.period().name(),
                    b.amount() == null ? null : b.amount().toPlainString(), amounts, b.filters(),
                    b.thresholds().stream().map(t -> new BudgetThresholdView(t.percent().toPlainString(), t.basis().name()))
                            .toList(),
                    new BudgetPeriodView(s.periodStart(), s.periodEnd(), text(s.periodAmount()), text(s.actual()),
                            text(s.forecast()), percent(s.actual(), s.periodAmount()),
                            percent(s.forecast(), s.periodAmount())),
                    s.alerts().stream().map(a -> new BudgetAlertView(a.periodStart(), a.percent().toPlainString(),
                            a.basis().name(), a.at().toString(), a.spend().toPlainString(),
                            a.amount().toPlainString())).toList());
        }

        private static String text(BigDecimal v) {
            return v == null ? null : v.toPlainString();
        }

        private static String percent(BigDecimal v, BigDecimal of) {
            return v == null || of == null ? null : v.multiply(BigDecimal.valueOf(100))
                    .divide(of, 2, java.math.RoundingMode.HALF_UP).toPlainString();
        }
    }

    @PostMapping
    @Operation(summary = "Create a budget (customer admin or finance); at most 1,000 a customer",
            description = "A cost (in the ORIGINAL or AMORTIZED view) or usage (unit as the analysis shows it) budget "
                    + "over a scope (the analysis' filters), reset DAILY, MONTHLY, QUARTERLY or YEARLY at midnight in "
                    + "the billing zone, with a fixed amount or amounts per period (by the period's first day), and "
                    + "thresholds on ACTUAL or FORECAST spend. Checked hourly; each threshold alerts once a period "
                    + "(an outbox event budget.threshold-reached). docs/cost.md",
            requestBody = @RequestBody(content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = REQUEST_EXAMPLE))),
            responses = @ApiResponse(responseCode = "201", content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = STATUS_EXAMPLE))))
    public ResponseEntity<BudgetView> create(Caller caller, @PathVariable String customerId,
                                             @org.springframework.web.bind.annotation.RequestBody
                                             BudgetService.BudgetRequest r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return ResponseEntity.status(201).body(BudgetView.of(budgets.create(customerId, r)));
    }

    @GetMapping
    @Operation(summary = "The customer's budgets with their current period's progress against actual and forecast",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = "[" + STATUS_EXAMPLE + "]"))))
    public List<BudgetView> list(Caller caller, @PathVariable String customerId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return budgets.list(customerId).stream().map(BudgetView::of).toList();
    }

    @GetMapping("/{budgetId}")
    @Operation(summary = "One budget with its progress and the alerts it gave",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = STATUS_EXAMPLE))))
    public BudgetView get(Caller caller, @PathVariable String customerId, @PathVariable long budgetId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return BudgetView.of(budgets.get(customerId, budgetId));
    }

    @PutMapping("/{budgetId}")
    @Operation(summary = "Replace a budget's settings (the alerts it gave stay)",
            requestBody = @RequestBody(content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = REQUEST_EXAMPLE))),
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = STATUS_EXAMPLE))))
    public BudgetView update(Caller caller, @PathVariable String customerId, @PathVariable long budgetId,
                             @org.springframework.web.bind.annotation.RequestBody BudgetService.BudgetRequest r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return BudgetView.of(budgets.update(customerId, budgetId, r));
    }

    @DeleteMapping("/{budgetId}")
    @Operation(summary = "Delete a budget and its alerts")
    public ResponseEntity<Void> delete(Caller caller, @PathVariable String customerId, @PathVariable long budgetId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        budgets.delete(customerId, budgetId);
        return ResponseEntity.noContent().build();
    }
}
