package io.tollgate.bss.http;

import io.tollgate.bss.BssKeyService;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * BSS access keys in Tollgate's own API: a customer admin creates, lists and revokes the AK/SK
 * pairs the vendor's SDK signs with (docs/bss-api.md in the project).
 */
@RestController
@Tag(name = "bss", description = "Access keys for the vendor-compatible billing API (docs/bss-api.md)")
public class BssKeyController {
    private final BssKeyService keys;

    public BssKeyController(BssKeyService keys) {
        this.keys = keys;
    }

    public record BssKeyRequest(String label) {
    }

    @PostMapping("/api/v1/customers/{customerId}/bss-keys")
    @Operation(summary = "Create a BSS access key pair (customer admin): the secret key is in this answer only")
    public ResponseEntity<BssKeyService.BssKeyCreated> create(Caller caller, @PathVariable String customerId,
                                                       @RequestBody(required = false) BssKeyRequest r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        return ResponseEntity.status(201).body(keys.create(customerId, r == null ? null : r.label()));
    }

    @GetMapping("/api/v1/customers/{customerId}/bss-keys")
    @Operation(summary = "The customer's BSS access keys, without their secrets (customer admin)")
    public List<BssKeyService.BssKeyInfo> list(Caller caller, @PathVariable String customerId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        return keys.list(customerId);
    }

    @DeleteMapping("/api/v1/customers/{customerId}/bss-keys/{accessKey}")
    @Operation(summary = "Revoke a BSS access key (customer admin): its signatures are refused at once")
    public ResponseEntity<Void> revoke(Caller caller, @PathVariable String customerId, @PathVariable String accessKey) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        keys.revoke(customerId, accessKey);
        return ResponseEntity.noContent().build();
    }
}
