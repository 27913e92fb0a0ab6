package io.tollgate.promotion.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.promotion.BalanceAlerts;
import io.tollgate.promotion.PromotionAdmin;
import io.tollgate.promotion.PromotionAdmin.CouponState;
import io.tollgate.promotion.core.Coupon;
import io.tollgate.promotion.core.Discount;
import io.tollgate.shared.Amounts;
import io.tollgate.shared.Failure;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "promotions", description = "Commercial discounts, cash and discount coupons, balance alerts")
public class PromotionController {
    private final PromotionAdmin admin;
    private final BalanceAlerts alerts;

    public PromotionController(PromotionAdmin admin, BalanceAlerts alerts) {
        this.admin = admin;
        this.alerts = alerts;
    }

    public record DiscountView(long id, String customerId, String percent, String serviceType, String billingMode,
                               Instant validFrom, Instant validTo) {
        static DiscountView of(Discount d) {
            return new DiscountView(d.id(), d.customerId(), Amounts.format(d.percent()), d.serviceType(),
                    d.billingMode(), d.validFrom(), d.validTo());
        }
    }

    public record RestrictionsView(List<String> serviceTypes, List<String> resourceTypes, List<String> billingModes,
                                   List<String> orderTypes, List<String> regions, String minAmount) {
    }

    public record CouponView(String id, String customerId, String campaignId, String kind, String currency,
                             String faceValue, String rate, String cap, String remaining, String status,
                             Instant validFrom, Instant validUntil, RestrictionsView restrictions, Long usedOrderId,
                             Instant revokedAt, Instant issuedAt) {
        static CouponView of(CouponState s) {
            Coupon c = s.coupon();
            var r = c.restrictions();
            return new CouponView(c.id(), c.customerId(), c.campaignId(), c.kind().name(), c.currency(),
                    text(c.faceValue()), text(c.rate()), text(c.cap()),
                    c.kind() == Coupon.Kind.CASH ? Amounts.format(s.remaining()) : null, s.status().name(),
                    c.validFrom(), c.validUntil(), new RestrictionsView(sorted(r.serviceTypes()),
                    sorted(r.resourceTypes()), sorted(r.billingModes()), sorted(r.orderTypes()), sorted(r.regions()),
                    text(r.minAmount())), c.usedOrderId(), c.revokedAt(), c.issuedAt());
        }
    }

    public record IssueView(String campaignId, List<CouponView> coupons) {
    }

    public record AlertRequest(String threshold) {
    }

    public record AlertView(String customerId, String threshold, boolean armed, int crossings, String available) {
        static AlertView of(BalanceAlerts.AlertState a) {
            return new AlertView(a.customerId(), Amounts.format(a.threshold()), a.armed(), a.crossings(),
                    Amounts.format(a.available()));
        }
    }

    private static String text(java.math.BigDecimal v) {
        return v == null ? null : Amounts.format(v);
    }

    private static List<String> sorted(java.util.Set<String> values) {
        return values.stream().sorted().toList();
    }

    // ---- discounts (operator) -----------------------------------------------------------------------------

    @PostMapping("/customers/{customerId}/discounts")
    @Operation(summary = "Give a customer a commercial discount (operator): a percentage off list prices, optionally "
            + "for one service type and/or billing mode (PAY_PER_USE or PREPAID), valid in [validFrom, validTo). "
            + "Where several apply, the best one is used, never two",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
            @ExampleObject(name = "15% off pay-per-use ModelArts", value = "{\"percent\":\"15\","
                    + "\"serviceType\":\"modelarts\",\"billingMode\":\"PAY_PER_USE\","
                    + "\"validFrom\":\"2030-01-01T00:00:00Z\",\"validTo\":\"2031-01-01T00:00:00Z\"}"))))
    public ResponseEntity<DiscountView> createDiscount(Caller caller, @PathVariable String customerId,
                                                       @RequestBody PromotionAdmin.DiscountRequest r) {
        caller.requireRole(Role.OPERATOR);
        return ResponseEntity.status(201).body(DiscountView.of(admin.createDiscount(customerId, r)));
    }

    @GetMapping("/customers/{customerId}/discounts")
    @Operation(summary = "A customer's commercial discounts, oldest first")
    public List<DiscountView> discounts(Caller caller, @PathVariable String customerId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return admin.discounts(customerId).stream().map(DiscountView::of).toList();
    }

    @PostMapping("/customers/{customerId}/discounts/{discountId}/end")
    @Operation(summary = "End a discount now (operator); what was billed before keeps it")
    public DiscountView endDiscount(Caller caller, @PathVariable String customerId, @PathVariable long discountId) {
        caller.requireRole(Role.OPERATOR);
        return DiscountView.of(admin.endDiscount(customerId, discountId));
    }

    // ---- coupons ------------------------------------------------------------------------------------------

    @PostMapping("/coupons")
    @Operation(summary = "Issue coupons (operator): one coupon to one customer, or one to each customer of a list "
            + "(a campaign, with a campaignId). CASH coupons have a faceValue, DISCOUNT coupons a rate (0.85 = 15% "
            + "off) and an optional cap. Valid from validFrom (default now) to 23:59:59 of lastDay in the billing "
            + "zone. Needs an Idempotency-Key: the same key and body return the first coupons, another body 409",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
            @ExampleObject(name = "a 50.00 cash coupon for yearly/monthly orders", value = "{\"customerIds\":"
                    + "[\"acme\"],\"kind\":\"CASH\",\"faceValue\":\"50.00\",\"lastDay\":\"2030-03-31\","
                    + "\"billingModes\":[\"PREPAID\"],\"orderTypes\":[\"NEW\",\"RENEWAL\"],\"minAmount\":\"500.00\"}"))))
    public ResponseEntity<IssueView> issue(Caller caller, @RequestHeader(name = "Idempotency-Key", required = false)
                                           String key, @RequestBody PromotionAdmin.IssueRequest r) {
        caller.requireRole(Role.OPERATOR);
        PromotionAdmin.Issued issued = admin.issue(r, key);
        return ResponseEntity.status(issued.replay() ? 200 : 201).body(new IssueView(issued.campaignId(),
                issued.coupons().stream().map(CouponView::of).toList()));
    }

    @GetMapping("/coupons/{couponId}")
    @Operation(summary = "One coupon with its remaining value and status (operator)")
    public CouponView coupon(Caller caller, @PathVariable String couponId) {
        caller.requireRole(Role.OPERATOR);
        return CouponView.of(admin.coupon(couponId));
    }

    @GetMapping("/campaigns/{campaignId}/coupons")
    @Operation(summary = "The coupons of a campaign, one per customer, with their statuses (operator)")
    public List<CouponView> campaign(Caller caller, @PathVariable String campaignId) {
        caller.requireRole(Role.OPERATOR);
        return admin.campaign(campaignId).stream().map(CouponView::of).toList();
    }

    @PostMapping("/coupons/{couponId}/revoke")
    @Operation(summary = "Revoke a coupon nothing used yet (operator): a cash coupon's value goes back to the "
            + "platform; a coupon already used answers 409 coupon-in-use")
    public CouponView revoke(Caller caller, @PathVariable String couponId) {
        caller.requireRole(Role.OPERATOR);
        return CouponView.of(admin.revoke(couponId));
    }

    @GetMapping("/customers/{customerId}/coupons")
    @Operation(summary = "The customer's coupons, earliest expiry first, with status (NOT_YET_VALID, USABLE, "
            + "USED_UP, EXPIRED, REVOKED) and the remaining value of cash coupons")
    public List<CouponView> coupons(Caller caller, @PathVariable String customerId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return admin.coupons(customerId).stream().map(CouponView::of).toList();
    }

    // ---- balance alert ------------------------------------------------------------------------------------

    @PutMapping("/customers/{customerId}/balance-alert")
    @Operation(summary = "Set the balance alert: crossing the threshold downward (cash + unused credit + usable "
            + "cash coupons) publishes one balance.below-threshold event to the outbox; back above re-arms it",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
            @ExampleObject(name = "alert below 100.00", value = "{\"threshold\":\"100.00\"}"))))
    public AlertView setAlert(Caller caller, @PathVariable String customerId, @RequestBody AlertRequest r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        return AlertView.of(alerts.set(customerId, r.threshold()));
    }

    @GetMapping("/customers/{customerId}/balance-alert")
    @Operation(summary = "The balance alert, whether it is armed, how often it fired, and the available balance now")
    public AlertView alert(Caller caller, @PathVariable String customerId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return alerts.state(customerId).map(AlertView::of)
                .orElseThrow(() -> Failure.notFound("no-balance-alert", "no balance alert is set"));
    }

    @DeleteMapping("/customers/{customerId}/balance-alert")
    @Operation(summary = "Remove the balance alert")
    public ResponseEntity<Void> removeAlert(Caller caller, @PathVariable String customerId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        alerts.remove(customerId);
        return ResponseEntity.noContent().build();
    }
}
