package io.tollgate.cost.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.cost.AnomalyService;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/customers/{customerId}")
@Tag(name = "cost centre", description = "Cost analysis, forecasts, budgets, anomalies and advice")
public class AnomalyController {
    private static final String MONITOR_EXAMPLE = "{\"name\":\"every service\",\"scope\":\"SERVICES\","
            + "\"growthPercent\":\"20\"}";
    private static final String ANOMALY_EXAMPLE = "[{\"id\":3,\"monitorId\":1,\"groupKey\":\"modelarts\","
            + "\"rule\":\"PAY_PER_USE\",\"firstDay\":\"2026-11-14\",\"lastDay\":\"2026-11-15\",\"severity\":\"MAJOR\","
            + "\"impact\":\"42.17\",\"actual\":\"260.00\",\"expected\":\"217.83\",\"status\":\"OPEN\"}]";
    private final AnomalyService anomalies;

    public AnomalyController(AnomalyService anomalies) {
        this.anomalies = anomalies;
    }

    public record AnomalyStatusRequest(String status) {
    }

    @PostMapping("/anomaly-monitors")
    @Operation(summary = "Watch every service (SERVICES), an enterprise project (PROJECT, value) or a tag value "
            + "(TAG, tagKey and value) for cost anomalies, checked daily at 01:00 for the day before (docs/cost.md)",
            requestBody = @RequestBody(content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = MONITOR_EXAMPLE))))
    public ResponseEntity<AnomalyService.Monitor> create(Caller caller, @PathVariable String customerId,
                                                         @org.springframework.web.bind.annotation.RequestBody
                                                         AnomalyService.MonitorRequest r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return ResponseEntity.status(201).body(anomalies.create(customerId, r));
    }

    @GetMapping("/anomaly-monitors")
    @Operation(summary = "The customer's anomaly monitors")
    public List<AnomalyService.Monitor> monitors(Caller caller, @PathVariable String customerId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return anomalies.monitors(customerId);
    }

    @DeleteMapping("/anomaly-monitors/{monitorId}")
    @Operation(summary = "Stop a monitor (its anomalies go with it)")
    public ResponseEntity<Void> delete(Caller caller, @PathVariable String customerId, @PathVariable long monitorId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        anomalies.deleteMonitor(customerId, monitorId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/anomalies")
    @Operation(summary = "The anomalies found, newest first, with their days, severity and cost impact",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = ANOMALY_EXAMPLE))))
    public List<AnomalyService.Found> list(Caller caller, @PathVariable String customerId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return anomalies.anomalies(customerId);
    }

    @PostMapping("/anomalies/{anomalyId}/status")
    @Operation(summary = "Confirm (CONFIRMED) or dismiss (DISMISSED) an anomaly",
            requestBody = @RequestBody(content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = "{\"status\":\"DISMISSED\"}"))))
    public AnomalyService.Found answer(Caller caller, @PathVariable String customerId, @PathVariable long anomalyId,
                                       @org.springframework.web.bind.annotation.RequestBody AnomalyStatusRequest r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return anomalies.answer(customerId, anomalyId, r == null ? null : r.status());
    }
}
