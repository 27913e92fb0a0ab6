package io.tollgate.customer;

import io.tollgate.shared.Failure;
import java.util.Arrays;

/** Who is calling: the role of the API key and, for customer keys, the customer it is bound to. */
public record Caller(Role role, String customerId, String keyPrefix) {

    public void requireRole(Role... allowed) {
        if (Arrays.stream(allowed).noneMatch(r -> r == role)) {
            throw Failure.forbidden("role-not-allowed", "a " + role + " key may not do this");
        }
    }

    /**
     * Allows operators, and customer keys of the given customer with one of the given roles.
     * A key of another customer is refused the same way whether or not the customer exists.
     */
    public void requireCustomer(String customer, Role... customerRoles) {
        if (role == Role.OPERATOR) {
            return;
        }
        if (!role.customerScoped() || !customer.equals(customerId)) {
            throw Failure.forbidden("customer-scope", "this key may not act for customer " + customer);
        }
        requireRole(customerRoles);
    }
}
