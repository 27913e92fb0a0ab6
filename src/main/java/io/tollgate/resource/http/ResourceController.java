package io.tollgate.resource.http;

import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.resource.EventOutcome;
import io.tollgate.resource.Resource;
import io.tollgate.resource.ResourceEvent;
import io.tollgate.resource.ResourceService;
import io.tollgate.shared.Failure;
import io.tollgate.web.Page;
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
    private final ResourceService resources;

    public ResourceController(ResourceService resources) {
        this.resources = resources;
    }

    @PostMapping("/platform/resource-events")
    @Operation(summary = "Report a lifecycle event (platform). 201 when applied, 200 when it is a replay")
    public ResponseEntity<EventOutcome> report(Caller caller, @RequestBody ResourceEvent event) {
        caller.requireRole(Role.PLATFORM, Role.OPERATOR);
        EventOutcome outcome = resources.report(event);
        return ResponseEntity.status(outcome.status() == EventOutcome.Status.APPLIED ? 201 : 200).body(outcome);
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
