package io.tollgate.metering.http;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.metering.RecordOutcome;
import io.tollgate.metering.UsageRecord;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/platform")
@Tag(name = "usage", description = "Usage records from the platform, deduplicated by record id and rated on arrival")
public class UsageController {
    private final io.tollgate.metering.UsageCoalescer metering;

    public UsageController(io.tollgate.metering.UsageCoalescer metering) {
        this.metering = metering;
    }

    public record UsageBatch(List<UsageRecord> records) {
    }

    @Schema(name = "UsageBatchResult")
    public record BatchResult(int accepted, int duplicates, int refused, List<RecordOutcome> results) {
        static BatchResult of(List<RecordOutcome> results) {
            int accepted = 0;
            int duplicates = 0;
            for (RecordOutcome r : results) {
                accepted += r.status() == RecordOutcome.Status.ACCEPTED ? 1 : 0;
                duplicates += r.status() == RecordOutcome.Status.DUPLICATE ? 1 : 0;
            }
            return new BatchResult(accepted, duplicates, results.size() - accepted - duplicates, results);
        }
    }

    @PostMapping("/usage-records")
    @Operation(summary = "Report up to 10,000 usage records (platform). Each record's fate comes back in order: "
            + "ACCEPTED (durable and rated), DUPLICATE (same id and content seen before: counted once) or REFUSED "
            + "with a code (e.g. negative-quantity, window-end-before-start, unknown-meter-for-resource, "
            + "window-in-future, record-id-reused); a refused record never blocks the others",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
            @ExampleObject(name = "an hour of object storage", value = "{\"records\":[{\"recordId\":\"obs-1-2026112608\","
                    + "\"customerId\":\"acme-ml\",\"resourceId\":\"bucket-1\",\"meter\":\"obs.storage.standard\","
                    + "\"quantity\":\"120.5\",\"windowStart\":\"2026-11-26T08:00:00Z\",\"windowEnd\":\"2026-11-26T09:00:00Z\","
                    + "\"tags\":{\"team\":\"vision\"}}]}"))))
    public BatchResult report(Caller caller, @RequestBody UsageBatch batch) {
        caller.requireRole(Role.PLATFORM, Role.OPERATOR);
        return BatchResult.of(metering.ingest(batch.records()));
    }
}
