package io.tollgate.subscription.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.shared.Page;
import io.tollgate.subscription.Order;
import io.tollgate.subscription.RenewalAttempt;
import io.tollgate.subscription.Subscription;
import io.tollgate.subscription.SubscriptionService;
import io.tollgate.subscription.SubscriptionService.OrderResult;
import io.tollgate.subscription.UnsubscriptionService;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/customers/{customerId}")
@Tag(name = "subscriptions", description = "Yearly/monthly orders: purchase, renewal, change, mode change, unsubscription")
public class SubscriptionController {
    private static final String KEY = "Idempotency-Key";
    private final SubscriptionService subscriptions;
    private final UnsubscriptionService unsubscriptions;

    public SubscriptionController(SubscriptionService subscriptions, UnsubscriptionService unsubscriptions) {
        this.subscriptions = subscriptions;
        this.unsubscriptions = unsubscriptions;
    }

    /** {@code couponId} optionally names the cash coupon to pay with (otherwise the best eligible one pays). */
    public record RenewRequest(SubscriptionService.TermRequest term, String couponId) {
        public RenewRequest(SubscriptionService.TermRequest term) {
            this(term, null);
        }
    }

    public record ModeChangeRequest(SubscriptionService.TermRequest term, Boolean autoRenew) {
    }

    public record Toggle(Boolean enabled) {
    }

    public record DeductionDay(Integer deductionDays) {
    }

    private static ResponseEntity<Order> respond(OrderResult r) {
        return ResponseEntity.status(r.replay() ? 200 : 201).body(r.order());
    }

    @PostMapping("/orders")
    @Operation(summary = "Buy a yearly/monthly resource: paid at once from the balance (one discount: the "
            + "commercial one or a discount coupon, the better; at most one cash coupon: couponId, or else the best "
            + "eligible one; then cash, then credit), or left PENDING_PAYMENT when the balance cannot pay. A couponId "
            + "that cannot pay the order is refused (422 coupon-not-eligible naming the restriction, coupon-expired, "
            + "coupon-not-yet-valid, coupon-used-up, unknown-coupon). Needs an Idempotency-Key",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
            @ExampleObject(name = "three months of a pool node", value = "{\"resourceType\":\"modelarts.pool\","
                    + "\"specCode\":\"modelarts.vm.gpu.t4\",\"region\":\"cn-north-4\",\"nodes\":2,"
                    + "\"term\":{\"unit\":\"MONTH\",\"count\":3},\"autoRenew\":true}"),
            @ExampleObject(name = "paid with a chosen cash coupon", value = "{\"resourceType\":\"modelarts.pool\","
                    + "\"specCode\":\"modelarts.vm.gpu.t4\",\"region\":\"cn-north-4\",\"nodes\":1,"
                    + "\"term\":{\"unit\":\"MONTH\",\"count\":1},"
                    + "\"couponId\":\"cpn-3f1c2a9e-5b7d-4c11-9a0e-2d6f8b4e7c10\"}")})))
    public ResponseEntity<Order> purchase(Caller caller, @PathVariable String customerId,
                                          @RequestHeader(name = KEY, required = false) String key,
                                          @RequestBody SubscriptionService.PurchaseRequest r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        return respond(subscriptions.purchase(customerId, r, key));
    }

    @GetMapping("/orders")
    @Operation(summary = "Order history, oldest first, optionally by type and status")
    public Page<Order> orders(Caller caller, @PathVariable String customerId,
                              @RequestParam(required = false) String type, @RequestParam(required = false) String status,
                              @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        int size = Page.size(limit);
        return Page.of(subscriptions.orders(customerId, type, status, Page.decodeLong(cursor), size + 1), size,
                o -> Long.toString(o.id()));
    }

    @GetMapping("/orders/{orderId}")
    @Operation(summary = "One order")
    public Order order(Caller caller, @PathVariable String customerId, @PathVariable long orderId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return subscriptions.order(customerId, orderId);
    }

    @PostMapping("/orders/{orderId}/pay")
    @Operation(summary = "Pay an order pending payment; a paid order is returned as it is (200)")
    public ResponseEntity<Order> pay(Caller caller, @PathVariable String customerId, @PathVariable long orderId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        return respond(subscriptions.pay(customerId, orderId));
    }

    @PostMapping("/orders/{orderId}/cancel")
    @Operation(summary = "Cancel an order pending payment")
    public Order cancel(Caller caller, @PathVariable String customerId, @PathVariable long orderId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        return subscriptions.cancel(customerId, orderId);
    }

    @GetMapping("/subscriptions")
    @Operation(summary = "The customer's yearly/monthly resources, their terms and expiry")
    public Page<Subscription> subscriptions(Caller caller, @PathVariable String customerId,
                                            @RequestParam(required = false) String cursor,
                                            @RequestParam(required = false) Integer limit) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        int size = Page.size(limit);
        return Page.of(subscriptions.subscriptions(customerId, Page.decode(cursor), size + 1), size,
                Subscription::resourceId);
    }

    @GetMapping("/subscriptions/{resourceId}")
    @Operation(summary = "One subscription")
    public Subscription subscription(Caller caller, @PathVariable String customerId, @PathVariable String resourceId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return subscriptions.subscription(customerId, resourceId);
    }

    @GetMapping("/subscriptions/{resourceId}/renewal-attempts")
    @Operation(summary = "Every automatic renewal attempt, successful or not")
    public List<RenewalAttempt> attempts(Caller caller, @PathVariable String customerId, @PathVariable String resourceId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return subscriptions.attempts(customerId, resourceId);
    }

    @PostMapping("/subscriptions/{resourceId}/renew")
    @Operation(summary = "Renew from the old expiry (also in grace or frozen); paid as a purchase is (one discount, "
            + "at most one cash coupon: couponId or the best eligible, cash, credit). Needs an Idempotency-Key",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
            @ExampleObject(name = "one more year", value = "{\"term\":{\"unit\":\"YEAR\",\"count\":1}}"),
            @ExampleObject(name = "one more month with a cash coupon", value = "{\"term\":{\"unit\":\"MONTH\","
                    + "\"count\":1},\"couponId\":\"cpn-3f1c2a9e-5b7d-4c11-9a0e-2d6f8b4e7c10\"}")})))
    public ResponseEntity<Order> renew(Caller caller, @PathVariable String customerId, @PathVariable String resourceId,
                                       @RequestHeader(name = KEY, required = false) String key,
                                       @RequestBody RenewRequest r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        return respond(subscriptions.renew(customerId, resourceId, r.term(), r.couponId(), key));
    }

    @PostMapping("/subscriptions/{resourceId}/change")
    @Operation(summary = "Change the spec or node count (or a prepaid disk's sizeGb), pro-rated over the "
            + "remaining term (upgrade: pay; "
            + "downgrade: refund). Needs an Idempotency-Key",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
            @ExampleObject(name = "add a node", value = "{\"nodes\":3}"))))
    public ResponseEntity<Order> change(Caller caller, @PathVariable String customerId, @PathVariable String resourceId,
                                        @RequestHeader(name = KEY, required = false) String key,
                                        @RequestBody SubscriptionService.ChangeRequest r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        return respond(subscriptions.change(customerId, resourceId, r, key));
    }

    @PostMapping("/subscriptions/{resourceId}/unsubscribe")
    @Operation(summary = "Unsubscribe: refund = paid - consumed - handling fee (not-yet-started terms in full; "
            + "within five days of purchase everything), and the resource is released. Needs an Idempotency-Key")
    public ResponseEntity<Order> unsubscribe(Caller caller, @PathVariable String customerId,
                                             @PathVariable String resourceId,
                                             @RequestHeader(name = KEY, required = false) String key) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        return respond(unsubscriptions.unsubscribe(customerId, resourceId, key));
    }

    public record RefundPreview(String resourceId, String currency, boolean fiveDay, String refund, String toCash,
                                String toCredit, Map<String, String> couponsReturned, List<Map<String, Object>> terms) {
    }

    @GetMapping("/subscriptions/{resourceId}/unsubscribe-preview")
    @Operation(summary = "What unsubscribing now would refund, by the same rules, changing nothing (shown before "
            + "the customer confirms)")
    public RefundPreview unsubscribePreview(Caller caller, @PathVariable String customerId,
                                            @PathVariable String resourceId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        Subscription s = subscriptions.subscription(customerId, resourceId);
        UnsubscriptionService.RefundPlan p = unsubscriptions.preview(customerId, resourceId);
        Map<String, String> coupons = new java.util.LinkedHashMap<>();
        p.toCoupons().forEach((id, amount) -> coupons.put(id, amount.toPlainString()));
        return new RefundPreview(resourceId, s.currency(), p.fiveDay(), p.total().toPlainString(),
                p.toCash().toPlainString(), p.toCredit().toPlainString(), coupons, p.lines());
    }

    @PutMapping("/subscriptions/{resourceId}/auto-renew")
    @Operation(summary = "Switch automatic renewal on or off; switched on after the deduction day, it charges at once")
    public Subscription autoRenew(Caller caller, @PathVariable String customerId, @PathVariable String resourceId,
                                  @RequestBody Toggle t) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        return subscriptions.setAutoRenew(customerId, resourceId, Boolean.TRUE.equals(t.enabled()));
    }

    @PutMapping("/subscriptions/{resourceId}/pay-per-use-at-expiry")
    @Operation(summary = "Turn the resource pay-per-use when its term expires (or cancel that)")
    public Subscription toPayPerUse(Caller caller, @PathVariable String customerId, @PathVariable String resourceId,
                                    @RequestBody Toggle t) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        return subscriptions.toPayPerUseAtExpiry(customerId, resourceId, Boolean.TRUE.equals(t.enabled()));
    }

    @PostMapping("/resources/{resourceId}/to-prepaid")
    @Operation(summary = "Turn a pay-per-use resource yearly/monthly: effective when paid, splitting that hour. "
            + "Needs an Idempotency-Key")
    public ResponseEntity<Order> toPrepaid(Caller caller, @PathVariable String customerId,
                                           @PathVariable String resourceId,
                                           @RequestHeader(name = KEY, required = false) String key,
                                           @RequestBody ModeChangeRequest r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        return respond(subscriptions.toPrepaid(customerId, resourceId, r.term(), r.autoRenew(), key));
    }

    @GetMapping("/subscription-settings")
    @Operation(summary = "The auto-renewal deduction day (0 to 7 days before expiry, default 7)")
    public DeductionDay settings(Caller caller, @PathVariable String customerId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return new DeductionDay(subscriptions.deductionDays(customerId));
    }

    @PutMapping("/subscription-settings")
    @Operation(summary = "Set the auto-renewal deduction day")
    public DeductionDay setSettings(Caller caller, @PathVariable String customerId, @RequestBody DeductionDay d) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        return new DeductionDay(subscriptions.setDeductionDays(customerId, d.deductionDays()));
    }
}
