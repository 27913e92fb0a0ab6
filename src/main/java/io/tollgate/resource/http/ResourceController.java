package io.tollgate.resource.http;

import io.swagger.v3.oas.annotations.media.Schema;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.resource.EventCombiner;
import io.tollgate.resource.EventOutcome;
import io.tollgate.resource.Resource;
import io.tollgate.resource.ResourceEvent;
import io.tollgate.resource.ResourceService;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "resources", description = "Lifecycle events from the platform, and the customer's resources")
public class ResourceController {
    static final int MAX_BATCH = 1000;
    private final ResourceService resources;
    private final EventCombiner combined;

    public ResourceController(ResourceService resources, EventCombiner combined) {
        this.resources = resources;
        this.combined = combined;
    }

    @PostMapping("/platform/resource-events")
    @Operation(summary = "Report a lifecycle event (platform). 201 when applied, 200 when it is a replay")
    public ResponseEntity<EventOutcome> report(Caller caller, @RequestBody ResourceEvent event) {
        caller.requireRole(Role.PLATFORM, Role.OPERATOR);
        // write-combined with the single events of other requests (EventCombiner)
        EventOutcome outcome = combined.report(event);
        return ResponseEntity.status(outcome.status() == EventOutcome.Status.APPLIED ? 201 : 200).body(outcome);
    }

    /** The fate of one event of a batch: applied, a replay, or refused with a problem code. */
    @Schema(name = "EventBatchItem")
    public record BatchItem(String eventId, String status, Integer httpStatus, String code, String detail) {
    }

    @Schema(name = "EventBatchResult")
    public record BatchResult(int applied, int duplicates, int refused, List<BatchItem> results) {
    }

    @PostMapping("/platform/resource-events/batch")
    @Operation(summary = "Report up to 1,000 lifecycle events (platform), in order. Each event is applied in its own "
            + "transaction; a refused event does not block the others. The response gives each event's fate")
    public BatchResult reportBatch(Caller caller, @RequestBody List<ResourceEvent> events) {
        caller.requireRole(Role.PLATFORM, Role.OPERATOR);
        if (events == null || events.isEmpty() || events.size() > MAX_BATCH) {
            throw Failure.invalid("batch-size", "a batch holds 1 to " + MAX_BATCH + " events");
        }
        List<BatchItem> results = new java.util.ArrayList<>();
        int applied = 0;
        int duplicates = 0;
        for (ResourceEvent e : events) {
            String id = e == null ? null : e.eventId();
            try {
                if (e == null) {
                    throw Failure.invalid("missing-field", "an event is null");
                }
                EventOutcome outcome = resources.report(e);
                boolean fresh = outcome.status() == EventOutcome.Status.APPLIED;
                applied += fresh ? 1 : 0;
                duplicates += fresh ? 0 : 1;
                results.add(new BatchItem(id, outcome.status().name(), fresh ? 201 : 200, null, null));
            } catch (Failure f) {
                results.add(new BatchItem(id, "REFUSED", f.status(), f.code(), f.getMessage()));
            }
        }
        return new BatchResult(applied, duplicates, events.size() - applied - duplicates, results);
    }

    @GetMapping("/customers/{customerId}/resources")
    @Operation(summary = "The customer's resources, by id, with a cursor")
    public Page<Resource> list(Caller caller, @PathVariable String customerId,
                               @RequestParam(required = false) String cursor,
                               @RequestParam(required = false) Integer limit) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        int size = Page.size(limit);
        List<Resource> rows = resources.page(customerId, Page.decode(cursor), size + 1);
        return Page.of(rows, size, Resource::id);
    }

    public record MoveRequest(String enterpriseProject) {
    }

    @org.springframework.web.bind.annotation.PutMapping("/customers/{customerId}/resources/{resourceId}/enterprise-project")
    @Operation(summary = "Move a resource to another of the customer's enterprise projects (customer admin)",
            description = "The hours billed from now on carry the new project (the hour now running included); the "
                    + "lines already billed keep the project they were billed to, so history keeps the old owner. "
                    + "422 unknown-project when the customer has no such project (create it first).")
    public Resource move(Caller caller, @PathVariable String customerId, @PathVariable String resourceId,
                         @org.springframework.web.bind.annotation.RequestBody MoveRequest r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        return resources.move(customerId, resourceId, r == null ? null : r.enterpriseProject());
    }

    @GetMapping("/customers/{customerId}/resources/{resourceId}")
    @Operation(summary = "One of the customer's resources")
    public Resource get(Caller caller, @PathVariable String customerId, @PathVariable String resourceId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        Resource r = resources.resource(resourceId);
        if (!r.customerId().equals(customerId)) {
            throw Failure.notFound("unknown-resource", "no resource " + resourceId);
        }
        return r;
    }
}
