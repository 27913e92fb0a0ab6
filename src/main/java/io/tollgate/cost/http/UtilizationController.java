package io.tollgate.cost.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.cost.UtilizationService;
import io.tollgate.cost.UtilizationService.SampleOutcome;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/platform")
@Tag(name = "cost centre", description = "Cost analysis, forecasts, budgets, anomalies and advice")
public class UtilizationController {
    private static final String EXAMPLE = "{\"samples\":[{\"resourceId\":\"nb-42\",\"at\":\"2026-11-26T08:00:00Z\","
            + "\"gpuUtil\":\"31.5\",\"memoryUtil\":\"22\"},{\"resourceId\":\"nb-42\",\"at\":\"2026-11-26T08:01:00Z\","
            + "\"gpuUtil\":\"28\",\"memoryUtil\":\"22\"}]}";
    private final UtilizationService utilization;

    public UtilizationController(UtilizationService utilization) {
        this.utilization = utilization;
    }

    public record SampleBatch(List<UtilizationService.UtilizationSample> samples) {
    }

    public record SampleBatchResult(int accepted, int duplicates, int refused, List<SampleOutcome> results) {
        static SampleBatchResult of(List<SampleOutcome> results) {
            int accepted = 0;
            int duplicates = 0;
            for (SampleOutcome r : results) {
                accepted += r.status() == SampleOutcome.Status.ACCEPTED ? 1 : 0;
                duplicates += r.status() == SampleOutcome.Status.DUPLICATE ? 1 : 0;
            }
            return new SampleBatchResult(accepted, duplicates, results.size() - accepted - duplicates, results);
        }
    }

    @PostMapping("/utilization-samples")
    @Operation(summary = "Report up to 10,000 utilization samples (platform): GPU utilization (left out for a "
            + "resource without a GPU) and memory utilization in percent, per resource and minute (at counts for "
            + "its minute). Each sample's fate comes back in order: ACCEPTED, DUPLICATE (the same values for that "
            + "minute before) or REFUSED with a code (unknown-resource, invalid-utilization, sample-in-future, "
            + "sample-too-old, sample-outside-resource-life, sample-conflict, missing-field); a refused sample never "
            + "blocks the others. Idle and GPU-rightsizing advice read them (docs/cost.md)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
            @ExampleObject(name = "two minutes of a notebook", value = EXAMPLE))))
    public SampleBatchResult report(Caller caller, @RequestBody SampleBatch batch) {
        caller.requireRole(Role.PLATFORM, Role.OPERATOR);
        return SampleBatchResult.of(utilization.ingest(batch == null ? null : batch.samples()));
    }
}
