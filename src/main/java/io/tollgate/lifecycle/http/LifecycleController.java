package io.tollgate.lifecycle.http;

import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.lifecycle.Admission;
import io.tollgate.lifecycle.LifecycleService;
import io.tollgate.lifecycle.ResourceLifecycle;
import io.tollgate.shared.BillingMode;
import io.tollgate.shared.Page;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "lifecycle", description = "Grace, frozen and released states; admission of new pay-per-use resources")
public class LifecycleController {
    private final LifecycleService lifecycle;

    public LifecycleController(LifecycleService lifecycle) {
        this.lifecycle = lifecycle;
    }

    public record PolicyRequest(int graceDays, int retentionDays) {
    }

    @GetMapping("/platform/admission")
    @Operation(summary = "Ask before creating or starting a resource (platform): a customer in arrears may not "
            + "create or start pay-per-use resources")
    public Admission admission(Caller caller, @RequestParam String customerId, @RequestParam String resourceType,
                               @RequestParam(required = false) BillingMode billingMode) {
        caller.requireRole(Role.PLATFORM, Role.OPERATOR);
        return lifecycle.admission(customerId, resourceType, billingMode);
    }

    @GetMapping("/customers/{customerId}/lifecycle")
    @Operation(summary = "The lifecycle state of each of the customer's resources")
    public Page<ResourceLifecycle> list(Caller caller, @PathVariable String customerId,
                                        @RequestParam(required = false) String cursor,
                                        @RequestParam(required = false) Integer limit) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        int size = Page.size(limit);
        return Page.of(lifecycle.page(customerId, Page.decode(cursor), size + 1), size, ResourceLifecycle::resourceId);
    }

    public record PolicyView(String level, int graceDays, int retentionDays) {
    }

    @GetMapping("/lifecycle/policies")
    @Operation(summary = "The grace and retention days of each customer level with a policy, and the default for any "
            + "other level (operator)")
    public List<PolicyView> policies(Caller caller) {
        caller.requireRole(Role.OPERATOR);
        List<PolicyView> out = new java.util.ArrayList<>();
        var d = io.tollgate.lifecycle.core.Lifecycle.Policy.DEFAULT;
        out.add(new PolicyView("(default)", (int) d.grace().toDays(), (int) d.retention().toDays()));
        lifecycle.policies().forEach((level, p) -> out.add(new PolicyView(level, (int) p.grace().toDays(),
                (int) p.retention().toDays())));
        return out;
    }

    @PutMapping("/lifecycle/policies/{level}")
    @Operation(summary = "Set the grace and retention days of a customer level (operator)")
    public PolicyRequest setPolicy(Caller caller, @PathVariable String level, @RequestBody PolicyRequest r) {
        caller.requireRole(Role.OPERATOR);
        lifecycle.setPolicy(level, r.graceDays(), r.retentionDays());
        return r;
    }
}
