package io.tollgate.cost.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.cost.AdviceService;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/customers/{customerId}/advice")
@Tag(name = "cost centre", description = "Cost analysis, forecasts, budgets, anomalies and advice")
public class AdviceController {
    private static final String EXAMPLE = "[{\"key\":\"prepaid:nb-42\",\"kind\":\"PREPAID\",\"resourceId\":\"nb-42\","
            + "\"monthlySaving\":\"381.80\",\"details\":{\"lookbackDays\":\"7\",\"hoursPerMonth\":\"730.0\","
            + "\"payPerUseMonthly\":\"481.80\",\"termMonthly\":\"100.00\",\"breakEvenHours\":\"151.6\","
            + "\"breakEvenDays\":\"6.4\"}},{\"key\":\"rightsize:nb-7\",\"kind\":\"RIGHTSIZE\",\"resourceId\":\"nb-7\","
            + "\"monthlySaving\":\"2628.00\",\"details\":{\"gpuUtilP95\":\"30.00\",\"memoryUtilP95\":\"19.97\","
            + "\"hoursPerMonth\":\"730.0\",\"gpuShare\":\"1/1\",\"toGpuShare\":\"1/2\",\"monthlyCost\":\"5840.00\","
            + "\"toMonthlyCost\":\"3212.00\"}}]";
    private final AdviceService advice;

    public AdviceController(AdviceService advice) {
        this.advice = advice;
    }

    @GetMapping
    @Operation(summary = "Optimization advice, largest monthly saving first (docs/cost.md)",
            description = "PREPAID: a running pay-per-use resource cheaper on a monthly term, judged on the last 7, 30 "
                    + "or 60 days (a month counts 730 hours), with the saving and the break-even time; STOPPED_DISK: a "
                    + "stopped resource still paying for its disk; UNDERUSED_PACKAGE: a package used under 20% in its "
                    + "first 7 days (a monthly-reset one under 40% in the first 14 days of its period); IDLE: a running "
                    + "resource whose utilization samples' 95th percentile is at most 5%; RIGHTSIZE: a GPU resource "
                    + "under 50% advised to the cheapest smaller GPU share of the catalog that runs it at most 80% "
                    + "busy, the saving priced from the catalog. Dismissed advice is left out.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = EXAMPLE))))
    public List<AdviceService.Advice> list(Caller caller, @PathVariable String customerId,
                                           @Parameter(example = "30") @RequestParam(required = false)
                                           Integer lookbackDays) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return advice.advice(customerId, lookbackDays);
    }

    @PostMapping("/{key}/dismiss")
    @Operation(summary = "Dismiss a piece of advice by its key; it is not shown again")
    public ResponseEntity<Void> dismiss(Caller caller, @PathVariable String customerId, @PathVariable String key) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        advice.dismiss(customerId, key);
        return ResponseEntity.noContent().build();
    }
}
