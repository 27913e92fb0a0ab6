package io.tollgate.customer.http;

import io.tollgate.customer.Caller;
import io.tollgate.customer.Customer;
import io.tollgate.customer.CustomerService;
import io.tollgate.customer.IssuedKey;
import io.tollgate.customer.Role;
import java.util.List;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "customers", description = "Customers and API keys")
public class CustomerController {
    private final CustomerService customers;

    public CustomerController(CustomerService customers) {
        this.customers = customers;
    }

    public record CustomerRequest(String id, String name, String currency, String level) {
    }

    /** {@code expiresAt} is optional: after it the key no longer works. */
    public record LevelRequest(String level) {
    }

    public record KeyRequest(Role role, String label, java.time.Instant expiresAt) {
    }

    @PostMapping("/customers")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a customer (operator)")
    public Customer create(Caller caller, @RequestBody CustomerRequest r) {
        caller.requireRole(Role.OPERATOR);
        return customers.create(r.id(), r.name(), r.currency(), r.level());
    }

    @GetMapping("/customers")
    @Operation(summary = "List customers by id, with a cursor (operator)")
    public Page<Customer> list(Caller caller, @RequestParam(required = false) String cursor,
                               @RequestParam(required = false) Integer limit) {
        caller.requireRole(Role.OPERATOR);
        int size = Page.size(limit);
        return Page.of(customers.page(Page.decode(cursor), size + 1), size, Customer::id);
    }

    @GetMapping("/customers/{customerId}")
    @Operation(summary = "Read a customer")
    public Customer get(Caller caller, @PathVariable String customerId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return customers.customer(customerId);
    }

    @org.springframework.web.bind.annotation.PutMapping("/customers/{customerId}/level")
    @io.swagger.v3.oas.annotations.Operation(summary = "Move a customer to another level (operator); the level's "
            + "lifecycle policy (grace and retention days) applies from the next lifecycle transition")
    public Customer setLevel(Caller caller, @PathVariable String customerId, @RequestBody LevelRequest r) {
        caller.requireRole(Role.OPERATOR);
        return customers.setLevel(customerId, r == null ? null : r.level());
    }

    @PostMapping("/customers/{customerId}/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue a customer key (operator or the customer's admin); the key is shown only once")
    public IssuedKey issueCustomerKey(Caller caller, @PathVariable String customerId, @RequestBody KeyRequest r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        if (r.role() == null || !r.role().customerScoped()) {
            throw Failure.invalid("invalid-key-scope", "a customer key has role CUSTOMER_ADMIN or CUSTOMER_FINANCE");
        }
        customers.customer(customerId);
        return customers.issueKey(r.role(), customerId, r.label(), r.expiresAt());
    }

    @GetMapping("/customers/{customerId}/api-keys")
    @Operation(summary = "The customer's API keys, newest first: prefix, role, label, expiry and revocation (never the key)")
    public List<io.tollgate.customer.KeyInfo> customerKeys(Caller caller, @PathVariable String customerId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        return customers.keys(customerId);
    }

    @PostMapping("/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue an operator or platform key (operator); the key is shown only once")
    public IssuedKey issuePlatformKey(Caller caller, @RequestBody KeyRequest r) {
        caller.requireRole(Role.OPERATOR);
        if (r.role() == null || r.role().customerScoped()) {
            throw Failure.invalid("invalid-key-scope", "use /customers/{id}/api-keys for customer keys");
        }
        return customers.issueKey(r.role(), null, r.label(), r.expiresAt());
    }

    @DeleteMapping("/api-keys/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke any key by its id (operator); it stops working at once")
    public void revoke(Caller caller, @PathVariable long keyId) {
        caller.requireRole(Role.OPERATOR);
        customers.revokeKey(keyId, null);
    }

    @DeleteMapping("/customers/{customerId}/api-keys/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke one of the customer's keys by its id (operator or the customer's admin)")
    public void revokeCustomerKey(Caller caller, @PathVariable String customerId, @PathVariable long keyId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        customers.revokeKey(keyId, customerId);
    }
}
