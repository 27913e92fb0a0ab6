package io.tollgate.subscription.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.subscription.Order;
import io.tollgate.subscription.PackageOrderService;
import io.tollgate.subscription.SubscriptionService;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/customers/{customerId}/package-orders")
@Tag(name = "package orders", description = "Buying resource packages from the operator's offers: prepaid orders of "
        + "type PACKAGE, not refundable")
public class PackageOrderController {
    private final PackageOrderService packageOrders;

    public PackageOrderController(PackageOrderService packageOrders) {
        this.packageOrders = packageOrders;
    }

    @PostMapping
    @Operation(summary = "Buy a resource package from an offer on sale. Needs an Idempotency-Key: the same key and "
            + "body return the same order (200), another body 409 idempotency-key-reused. The order (type PACKAGE, "
            + "list amount the offer's price) is paid at once (discount, coupon, cash, then credit) and the package "
            + "created, valid from the payment (or startsAt, when later) for the offer's months; or, when the "
            + "balance cannot pay, left PENDING_PAYMENT (pay it with POST .../orders/{orderId}/pay, or cancel it) "
            + "with no package yet. The package's id is the order's resourceId; it is listed under "
            + "GET .../packages and can never be unsubscribed (422 package-not-refundable). "
            + "404 unknown-offer; 422 offer-withdrawn, offer-not-on-sale, offer-currency-mismatch, "
            + "offer-not-for-region, package-starts-in-past",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
                    @ExampleObject(name = "buy now", value = "{\"offerCode\":\"pkg-t4-100h-1m\"}"),
                    @ExampleObject(name = "buy for a later start, in a region", value = "{\"offerCode\":"
                            + "\"pkg-obs-100gb-1y\",\"region\":\"cn-north-4\",\"startsAt\":"
                            + "\"2027-02-01T00:00:00+08:00\"}")})),
            responses = @ApiResponse(responseCode = "201", content = @Content(examples = @ExampleObject(
                    name = "paid", value = "{\"id\":42,\"customerId\":\"acme\",\"type\":\"PACKAGE\",\"status\":\"PAID\","
                    + "\"auto\":false,\"resourceId\":\"pkg-6b1f0c2e-4c1e-4a57-9a51-0d3c1f1f2a10\",\"resourceType\":"
                    + "\"modelarts.package\",\"specCode\":\"modelarts.vm.gpu.t4\",\"region\":\"global\",\"nodes\":1,"
                    + "\"termUnit\":\"MONTH\",\"termCount\":1,\"currency\":\"CNY\",\"listAmount\":\"599.00\","
                    + "\"discountAmount\":\"0.00\",\"couponAmount\":\"0.00\",\"cashAmount\":\"500.00\","
                    + "\"creditAmount\":\"99.00\",\"refundAmount\":\"0.00\",\"effectiveFrom\":\"2027-01-05T02:00:00Z\","
                    + "\"expiresAt\":\"2027-02-05T02:00:00Z\",\"details\":{\"offerCode\":\"pkg-t4-100h-1m\","
                    + "\"offerName\":\"T4 100 node-hours, 1 month\",\"covers\":\"modelarts.vm.gpu.t4\",\"coverKind\":"
                    + "\"COMPUTE_SPEC\",\"serviceType\":\"modelarts\",\"quantity\":\"100.0000000000\",\"period\":"
                    + "\"TOTAL\",\"validityMonths\":1,\"startsAt\":null},\"createdAt\":\"2027-01-05T02:00:00Z\","
                    + "\"paidAt\":\"2027-01-05T02:00:00Z\",\"cancelledAt\":null}"))))
    public ResponseEntity<Order> buy(Caller caller, @PathVariable String customerId,
                                     @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                     @RequestBody PackageOrderService.PackagePurchase r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        SubscriptionService.OrderResult result = packageOrders.buy(customerId, r, key);
        return ResponseEntity.status(result.replay() ? 200 : 201).body(result.order());
    }
}
