package io.tollgate.clock.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.clock.Quarantine;
import io.tollgate.clock.store.QuarantineStore;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/operations/quarantine")
@Tag(name = "operations", description = "Items the jobs failed on and hold back")
public class QuarantineController {
    private final Quarantine quarantine;

    public QuarantineController(Quarantine quarantine) {
        this.quarantine = quarantine;
    }

    @GetMapping
    @Operation(summary = "Items the jobs hold back after failing on them, with their error, failures in a row and "
            + "next retry (operator)")
    public Map<String, List<QuarantineStore.Row>> list(Caller caller,
                                                       @RequestParam(defaultValue = "100") int limit) {
        caller.requireRole(Role.OPERATOR);
        return Map.of("items", quarantine.list(Math.max(1, Math.min(limit, 500))));
    }

    @PostMapping("/{job}/{item}/retry")
    @Operation(summary = "Retry a held item at the next run of its job (operator)")
    public Map<String, String> retry(Caller caller, @PathVariable String job, @PathVariable String item) {
        caller.requireRole(Role.OPERATOR);
        quarantine.retryNow(job, item);
        return Map.of("job", job, "item", item, "status", "RETRY_AT_NEXT_RUN");
    }
}
