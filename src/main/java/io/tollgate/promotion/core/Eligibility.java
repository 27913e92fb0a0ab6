package io.tollgate.promotion.core;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a coupon may pay a purchase, and if not, why: the first check that fails, with a stable
 * code ({@code coupon-not-yet-valid}, {@code coupon-expired}, {@code coupon-used-up},
 * {@code coupon-revoked}, {@code coupon-not-eligible}) and, for a restriction, which one.
 */
public final class Eligibility {
    private Eligibility() {
    }

    /** Why a coupon was refused: a code and, for {@code coupon-not-eligible}, the restriction that failed. */
    public record Refusal(String code, String restriction) {
    }

    public static Optional<Refusal> check(Coupon c, BigDecimal remaining, Purchase p) {
        Coupon.Status status = c.status(remaining, p.at());
        switch (status) {
            case REVOKED -> {
                return refusal("coupon-revoked", null);
            }
            case USED_UP -> {
                return refusal("coupon-used-up", null);
            }
            case NOT_YET_VALID -> {
                return refusal("coupon-not-yet-valid", null);
            }
            case EXPIRED -> {
                return refusal("coupon-expired", null);
            }
            default -> {
            }
        }
        Restrictions r = c.restrictions();
        if (!allows(r.serviceTypes(), p.serviceType())) {
            return refusal("coupon-not-eligible", "serviceTypes");
        }
        if (!allows(r.resourceTypes(), p.resourceType())) {
            return refusal("coupon-not-eligible", "resourceTypes");
        }
        if (!allows(r.billingModes(), p.billingMode())) {
            return refusal("coupon-not-eligible", "billingModes");
        }
        if (!allows(r.orderTypes(), p.orderType())) {
            // A coupon limited to order types pays only those orders, never pay-per-use lines.
            return refusal("coupon-not-eligible", "orderTypes");
        }
        if (!allows(r.regions(), p.region())) {
            return refusal("coupon-not-eligible", "regions");
        }
        // The minimum amount is an order's: a pay-per-use line (no list amount of an order) is not held to it.
        if (r.minAmount() != null && p.listAmount() != null && p.listAmount().compareTo(r.minAmount()) < 0) {
            return refusal("coupon-not-eligible", "minAmount");
        }
        return Optional.empty();
    }

    public static boolean eligible(Coupon c, BigDecimal remaining, Purchase p) {
        return check(c, remaining, p).isEmpty();
    }

    private static boolean allows(Set<String> allowed, String value) {
        return allowed.isEmpty() || (value != null && allowed.contains(value));
    }

    private static Optional<Refusal> refusal(String code, String restriction) {
        return Optional.of(new Refusal(code, restriction));
    }
}
