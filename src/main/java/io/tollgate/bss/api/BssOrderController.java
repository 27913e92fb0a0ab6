package io.tollgate.bss.api;

import static io.tollgate.bss.api.BssFormats.money;
import static io.tollgate.bss.api.BssFormats.utc;
import static io.tollgate.bss.api.BssFormats.zeroIfNull;

import io.tollgate.catalog.ResourceType;
import io.tollgate.catalog.http.CatalogController;
import io.tollgate.customer.Caller;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Page;
import io.tollgate.subscription.Order;
import io.tollgate.subscription.Subscription;
import io.tollgate.subscription.SubscriptionService;
import io.tollgate.subscription.core.Term;
import io.tollgate.subscription.http.SubscriptionController;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The vendor's order and yearly/monthly resource operations over Tollgate's subscriptions
 * (docs/bss-api.md §4, §5): ListCustomerOrders, ShowCustomerOrderDetails, PayOrders,
 * CancelCustomerOrder, ListPayPerUseCustomerResources (the yearly/monthly resources),
 * RenewalResources, AutoRenewalResources and its cancellation, CancelResourcesSubscription and
 * UpdatePeriodToOnDemand. Every change goes through Tollgate's subscription controller with the
 * key's customer as caller, with an idempotency key of its own per request and resource.
 */
@RestController
@io.swagger.v3.oas.annotations.Hidden
public class BssOrderController {
    private final SubscriptionController subscriptions;
    private final CatalogController catalog;

    public BssOrderController(SubscriptionController subscriptions, CatalogController catalog) {
        this.subscriptions = subscriptions;
        this.catalog = catalog;
    }

    record Discount(String discountType, BigDecimal discountAmount) {
    }

    record AmountInfo(List<Discount> discounts, BigDecimal couponAmount, BigDecimal flexipurchaseCouponAmount,
                      BigDecimal storedCardAmount, BigDecimal commissionAmount, BigDecimal consumedAmount) {
    }

    record OrderInfo(String orderId, String customerId, String serviceTypeCode, String serviceTypeName,
                     Integer sourceType, Integer status, Integer orderType, BigDecimal amountAfterDiscount,
                     BigDecimal officialAmount, Integer measureId, String createTime, String paymentTime, String currency,
                     AmountInfo amountInfo, String userName, String pendingPaymentEndTime) {
    }

    record OrderList(Integer totalCount, List<OrderInfo> orderInfos) {
    }

    record LineItem(String orderLineItemId, String serviceTypeCode, String productId, String productSpecDesc,
                    Integer periodType, Integer periodNum, String effectiveTime, String expireTime,
                    Integer subscriptionNum, BigDecimal amountAfterDiscount, BigDecimal officialAmount, AmountInfo amountInfo,
                    String currency, String orderId) {
    }

    record OrderDetails(Integer totalCount, OrderInfo orderInfo, List<LineItem> orderLineItems) {
    }

    private Map<String, String> serviceTypes(Caller caller) {
        return catalog.resourceTypes(caller).stream()
                .collect(Collectors.toMap(ResourceType::code, ResourceType::serviceType, (a, b) -> a));
    }

    private List<Order> allOrders(Caller caller) {
        return BssFormats.all(c -> subscriptions.orders(caller, caller.customerId(), null, null, c, Page.MAX_SIZE));
    }

    private List<Subscription> allSubscriptions(Caller caller) {
        return BssFormats.all(c -> subscriptions.subscriptions(caller, caller.customerId(), c, Page.MAX_SIZE));
    }

    /** Official = list price (the refund for an unsubscription); after discount = list - discount. */
    static OrderInfo info(Order o, Map<String, String> types, boolean details) {
        boolean refund = o.type().name().equals("UNSUBSCRIPTION");
        BigDecimal official = refund ? zeroIfNull(o.refundAmount()) : zeroIfNull(o.listAmount());
        BigDecimal after = refund ? official : official.subtract(zeroIfNull(o.discountAmount()));
        AmountInfo amounts = new AmountInfo(zeroIfNull(o.discountAmount()).signum() == 0 ? List.of()
                : List.of(new Discount("COMMERCIAL_DISCOUNT", money(o.discountAmount()))), money(zeroIfNull(
                o.couponAmount())), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, money(after.subtract(zeroIfNull(o.couponAmount()))));
        return new OrderInfo(Long.toString(o.id()), o.customerId(), types.getOrDefault(o.resourceType(),
                o.resourceType()), null, 1, BssFormats.orderStatus(o.status().name()),
                BssFormats.orderType(o.type().name()), money(after), money(official), 1, utc(o.createdAt()),
                utc(o.paidAt()), o.currency(), amounts, details ? o.customerId() : null, null);
    }

    @GetMapping("/v2/orders/customer-orders")
    public ResponseEntity<String> orders(Caller caller, @RequestParam(name = "order_id", required = false) String orderId,
                                         @RequestParam(name = "service_type_code", required = false) String serviceType,
                                         @RequestParam(name = "status", required = false) Integer status,
                                         @RequestParam(name = "order_type", required = false) String orderType,
                                         @RequestParam(name = "create_time_begin", required = false) String createdFrom,
                                         @RequestParam(name = "create_time_end", required = false) String createdTo,
                                         @RequestParam(name = "payment_time_begin", required = false) String paidFrom,
                                         @RequestParam(name = "payment_time_end", required = false) String paidTo,
                                         @RequestParam(name = "order_by", required = false) String orderBy,
                                         @RequestParam(required = false) Integer offset,
                                         @RequestParam(required = false) Integer limit) {
        Map<String, String> types = serviceTypes(caller);
        Instant cFrom = BssFormats.parseUtc(createdFrom, "create_time_begin");
        Instant cTo = BssFormats.parseUtc(createdTo, "create_time_end");
        Instant pFrom = BssFormats.parseUtc(paidFrom, "payment_time_begin");
        Instant pTo = BssFormats.parseUtc(paidTo, "payment_time_end");
        Predicate<Order> keep = o -> (orderId == null || Long.toString(o.id()).equals(orderId))
                && (serviceType == null || serviceType.equals(types.get(o.resourceType())))
                && (status == null || status == BssFormats.orderStatus(o.status().name()))
                && (orderType == null || orderType.equals(Integer.toString(BssFormats.orderType(o.type().name()))))
                && (cFrom == null || !o.createdAt().isBefore(cFrom)) && (cTo == null || !o.createdAt().isAfter(cTo))
                && (pFrom == null || o.paidAt() != null && !o.paidAt().isBefore(pFrom))
                && (pTo == null || o.paidAt() != null && !o.paidAt().isAfter(pTo));
        Comparator<Order> order = Comparator.comparing(Order::createdAt).thenComparing(Order::id);
        if (orderBy == null || orderBy.equals("-createTime")) {
            order = order.reversed();
        } else if (!orderBy.equals("createTime")) {
            throw Failure.invalid("invalid-order-by", "order_by is createTime or -createTime");
        }
        List<Order> all = allOrders(caller).stream().filter(keep).sorted(order).toList();
        List<OrderInfo> page = BssFormats.page(all, offset, limit, 10, 100).stream().map(o -> info(o, types, false))
                .toList();
        return BssJson.ok(new OrderList(all.size(), page));
    }

    @GetMapping("/v2/orders/customer-orders/details/{orderId}")
    public ResponseEntity<String> details(Caller caller, @PathVariable String orderId,
                                          @RequestParam(required = false) Integer offset,
                                          @RequestParam(required = false) Integer limit) {
        Order o = subscriptions.order(caller, caller.customerId(), id(orderId));
        Map<String, String> types = serviceTypes(caller);
        OrderInfo info = info(o, types, true);
        Integer periodType = o.termUnit() == null ? 5 : "YEAR".equals(o.termUnit()) ? 3 : 2;
        LineItem line = new LineItem(o.id() + "-1", info.serviceTypeCode(), o.specCode(), o.resourceType() + " "
                + o.specCode() + " x " + o.nodes() + " in " + o.region(), periodType, o.termCount(),
                utc(o.effectiveFrom()), utc(o.expiresAt()), o.nodes(), info.amountAfterDiscount(),
                info.officialAmount(), info.amountInfo(), o.currency(), info.orderId());
        return BssJson.ok(new OrderDetails(1, info, BssFormats.page(List.of(line), offset, limit, 10, 100)));
    }

    record PayRequest(String orderId, String useCoupon, String useDiscount) {
    }

    /** PayOrders: pays a pending order (Tollgate applies the best discount and coupon as it always does). */
    @PostMapping("/v3/orders/customer-orders/pay")
    public ResponseEntity<Void> pay(Caller caller, @RequestBody(required = false) String body) {
        PayRequest r = BssJson.read(body, PayRequest.class);
        if (r.orderId() == null) {
            throw Failure.invalid("invalid-order-id", "order_id is required");
        }
        subscriptions.pay(caller, caller.customerId(), id(r.orderId()));
        return ResponseEntity.noContent().build();
    }

    record CancelRequest(String orderId) {
    }

    @PutMapping("/v2/orders/customer-orders/cancel")
    public ResponseEntity<Void> cancel(Caller caller, @RequestBody(required = false) String body) {
        CancelRequest r = BssJson.read(body, CancelRequest.class);
        if (r.orderId() == null) {
            throw Failure.invalid("invalid-order-id", "order_id is required");
        }
        subscriptions.cancel(caller, caller.customerId(), id(r.orderId()));
        return ResponseEntity.noContent().build();
    }

    record ResourcesQuery(List<String> resourceIds, String orderId, Integer onlyMainResource, List<Integer> statusList,
                          Integer offset, Integer limit, String expireTimeBegin, String expireTimeEnd,
                          String serviceTypeCode) {
    }

    record EnterpriseProject(String id, String name) {
    }

    record Instance(String id, String resourceId, String resourceName, String regionCode, String serviceTypeCode,
                    String resourceTypeCode, String resourceSpecCode, String productId, Integer isMainResource,
                    Integer status, String effectiveTime, String expireTime, Integer expirePolicy,
                    String productSpecDesc, String updateTime) {
    }

    record Instances(List<Instance> data, Integer totalCount) {
    }

    /** Status: 2 in use, 5 expired, 3 closed (unsubscribed or turned pay-per-use). */
    static int status(String s) {
        return switch (s) {
            case "ACTIVE" -> 2;
            case "EXPIRED" -> 5;
            default -> 3;
        };
    }

    /** Expiry policy: 3 auto-renew, 1 to pay-per-use, 0 the grace period. */
    static int expirePolicy(Subscription s) {
        return s.autoRenew() ? 3 : s.convertToPayPerUse() ? 1 : 0;
    }

    @PostMapping("/v2/orders/suscriptions/resources/query")
    public ResponseEntity<String> resources(Caller caller, @RequestBody(required = false) String body) {
        ResourcesQuery q = BssJson.read(body, ResourcesQuery.class);
        Map<String, String> types = serviceTypes(caller);
        Instant from = BssFormats.parseUtc(q.expireTimeBegin(), "expire_time_begin");
        Instant to = BssFormats.parseUtc(q.expireTimeEnd(), "expire_time_end");
        Set<String> ids = q.resourceIds() == null ? null : Set.copyOf(q.resourceIds());
        Map<Long, String> orderResource = q.orderId() == null ? Map.of() : Map.of(id(q.orderId()),
                subscriptions.order(caller, caller.customerId(), id(q.orderId())).resourceId());
        List<Subscription> all = allSubscriptions(caller).stream()
                .filter(s -> ids == null || ids.contains(s.resourceId()))
                .filter(s -> q.orderId() == null || s.resourceId().equals(orderResource.get(id(q.orderId()))))
                .filter(s -> q.statusList() == null || q.statusList().isEmpty()
                        || q.statusList().contains(status(s.status())))
                .filter(s -> q.serviceTypeCode() == null || q.serviceTypeCode().equals(types.get(s.resourceType())))
                .filter(s -> from == null || !s.expiresAt().isBefore(from))
                .filter(s -> to == null || !s.expiresAt().isAfter(to))
                .sorted(Comparator.comparing(Subscription::resourceId)).toList();
        List<Instance> page = BssFormats.page(all, q.offset(), q.limit(), 10, 500).stream().map(s -> new Instance(
                s.resourceId(), s.resourceId(), s.resourceId(), s.region(), types.getOrDefault(s.resourceType(),
                s.resourceType()), s.resourceType(), s.specCode(), s.specCode(), 1, status(s.status()),
                utc(s.startedAt()), utc(s.expiresAt()), expirePolicy(s), s.specCode() + " x " + s.nodes(), null))
                .toList();
        return BssJson.ok(new Instances(page, all.size()));
    }

    record RenewRequest(List<String> resourceIds, Integer periodType, Integer periodNum, Integer isAutoPay) {
    }

    record OrderIds(List<String> orderIds, List<BssFormats.FailResource> failResourceInfos) {
    }

    private static List<String> mainResources(List<String> ids, int max) {
        if (ids == null || ids.isEmpty() || ids.size() > max) {
            throw Failure.invalid("invalid-resource-ids", "resource_ids holds 1 to " + max + " resource ids");
        }
        return ids;
    }

    /** Each resource on its own: one failing does not stop the others; it is listed with its reason. */
    private OrderIds each(List<String> ids, Function<String, Order> action) {
        List<String> orders = new ArrayList<>();
        List<BssFormats.FailResource> failed = new ArrayList<>();
        for (String rid : ids) {
            try {
                orders.add(Long.toString(action.apply(rid).id()));
            } catch (Failure f) {
                failed.add(BssFormats.FailResource.of(rid, f));
            }
        }
        return new OrderIds(orders, failed);
    }

    /**
     * RenewalResources: a term of period_num months (period_type 2) or years (3) from each one's
     * expiry. Tollgate pays a renewal at once (is_auto_pay is not needed); one that cannot be paid
     * is listed in fail_resource_infos.
     */
    @PostMapping("/v2/orders/subscriptions/resources/renew")
    public ResponseEntity<String> renew(Caller caller, @RequestBody(required = false) String body,
                                        HttpServletRequest request) {
        RenewRequest r = BssJson.read(body, RenewRequest.class);
        List<String> ids = mainResources(r.resourceIds(), 10);
        Term.TermUnit unit = switch (r.periodType() == null ? 0 : r.periodType()) {
            case 2 -> Term.TermUnit.MONTH;
            case 3 -> Term.TermUnit.YEAR;
            default -> throw Failure.invalid("invalid-period-type", "period_type is 2 (month) or 3 (year)");
        };
        if (r.periodNum() == null) {
            throw Failure.invalid("invalid-period-num", "period_num is required");
        }
        String requestId = String.valueOf(request.getAttribute(BssFilter.REQUEST_ID));
        return BssJson.ok(each(ids, rid -> subscriptions.renew(caller, caller.customerId(), rid,
                "bss-renew-" + requestId + "-" + rid, new SubscriptionController.RenewRequest(
                        new SubscriptionService.TermRequest(unit, r.periodNum()), null)).getBody()));
    }

    record UnsubscribeRequest(List<String> resourceIds, Integer unsubscribeType, Integer unsubscribeReasonType,
                              String unsubscribeReason) {
    }

    /** CancelResourcesSubscription, type 1: the resource with its renewed terms, refunded by Tollgate's rules. */
    @PostMapping("/v2/orders/subscriptions/resources/unsubscribe")
    public ResponseEntity<String> unsubscribe(Caller caller, @RequestBody(required = false) String body,
                                              HttpServletRequest request) {
        UnsubscribeRequest r = BssJson.read(body, UnsubscribeRequest.class);
        List<String> ids = mainResources(r.resourceIds(), 10);
        if (r.unsubscribeType() == null || r.unsubscribeType() != 1) {
            throw Failure.invalid("invalid-unsubscribe-type", "unsubscribe_type 1 (the resource and its renewed "
                    + "terms) is supported; 2 (the renewed terms only) is not");
        }
        String requestId = String.valueOf(request.getAttribute(BssFilter.REQUEST_ID));
        return BssJson.ok(each(ids, rid -> subscriptions.unsubscribe(caller, caller.customerId(), rid,
                "bss-unsubscribe-" + requestId + "-" + rid).getBody()));
    }

    /** AutoRenewalResources: automatic renewal on (auto_renew_times is not limited here: it renews until turned off). */
    @PostMapping("/v2/orders/subscriptions/resources/autorenew/{resourceId}")
    public ResponseEntity<Void> autoRenew(Caller caller, @PathVariable String resourceId) {
        subscriptions.autoRenew(caller, caller.customerId(), resourceId, new SubscriptionController.Toggle(true));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/v2/orders/subscriptions/resources/autorenew/{resourceId}")
    public ResponseEntity<Void> cancelAutoRenew(Caller caller, @PathVariable String resourceId) {
        subscriptions.autoRenew(caller, caller.customerId(), resourceId, new SubscriptionController.Toggle(false));
        return ResponseEntity.noContent().build();
    }

    record ToOnDemandRequest(String operation, List<String> resourceIds) {
    }

    record ErrorDetail(String id, String errorCode, String errorMsg) {
    }

    record ErrorDetails(List<ErrorDetail> errorDetails) {
    }

    /** UpdatePeriodToOnDemand: SET_UP turns each resource pay-per-use at its expiry, CANCEL undoes it. */
    @PostMapping("/v2/orders/subscriptions/resources/to-on-demand")
    public ResponseEntity<String> toOnDemand(Caller caller, @RequestBody(required = false) String body) {
        ToOnDemandRequest r = BssJson.read(body, ToOnDemandRequest.class);
        boolean on = switch (r.operation() == null ? "" : r.operation()) {
            case "SET_UP" -> true;
            case "CANCEL" -> false;
            default -> throw Failure.invalid("invalid-operation", "operation is SET_UP or CANCEL");
        };
        List<ErrorDetail> failed = new ArrayList<>();
        for (String rid : mainResources(r.resourceIds(), 100)) {
            try {
                subscriptions.toPayPerUse(caller, caller.customerId(), rid, new SubscriptionController.Toggle(on));
            } catch (Failure f) {
                failed.add(new ErrorDetail(rid, BssErrors.code(f.status()), f.getMessage() + " [" + f.code() + "]"));
            }
        }
        return BssJson.ok(new ErrorDetails(failed));
    }

    private static long id(String orderId) {
        try {
            return Long.parseLong(orderId);
        } catch (NumberFormatException e) {
            throw Failure.notFound("unknown-order", "no order " + orderId);
        }
    }
}
