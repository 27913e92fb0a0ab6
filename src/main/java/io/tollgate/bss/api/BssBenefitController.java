package io.tollgate.bss.api;

import static io.tollgate.bss.api.BssFormats.decimal;
import static io.tollgate.bss.api.BssFormats.money;
import static io.tollgate.bss.api.BssFormats.utc;

import io.tollgate.customer.Caller;
import io.tollgate.metering.http.PackageController;
import io.tollgate.promotion.http.PromotionController;
import io.tollgate.shared.Page;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The vendor's resource packages (ListFreeResourceInfos) and coupons (ListSubCustomerCoupons, the
 * caller's own coupons despite its name) over Tollgate's packages and coupons, with what is left
 * of each.
 */
@RestController
@io.swagger.v3.oas.annotations.Hidden
public class BssBenefitController {
    private final PackageController packages;
    private final PromotionController promotions;

    public BssBenefitController(PackageController packages, PromotionController promotions) {
        this.packages = packages;
        this.promotions = promotions;
    }

    record FreeResourcesQuery(String regionCode, String orderId, String productId, String productName,
                              Integer status, Integer offset, Integer limit) {
    }

    record FreeResource(String freeResourceId, String usageTypeName, String amount, String originalAmount,
                        Integer measureId) {
    }

    record FreeResourcePackage(String orderInstanceId, String orderId, String productId, String productName,
                               String effectiveTime, String expireTime, Integer status, Integer quotaReuseMode,
                               List<FreeResource> freeResources) {
    }

    record FreeResourcePackages(List<FreeResourcePackage> freeResourcePackages, Integer totalCount) {
    }

    /** Package status: 0 not yet effective, 1 effective, 2 used up, 3 expired. */
    static int status(String s) {
        return switch (s) {
            case "NOT_YET_VALID" -> 0;
            case "USED_UP" -> 2;
            case "EXPIRED" -> 3;
            default -> 1;
        };
    }

    /**
     * ListFreeResourceInfos: each package with its quota (original_amount) and what is left of it
     * this period (amount), as plain decimal strings; quota_reuse_mode 1 for a monthly-reset one.
     */
    @PostMapping("/v3/payments/free-resources/query")
    public ResponseEntity<String> freeResources(Caller caller, @RequestBody(required = false) String body) {
        FreeResourcesQuery q = BssJson.read(body, FreeResourcesQuery.class);
        List<PackageController.PackageView> all = BssFormats.all(c -> packages.list(caller, caller.customerId(), null,
                c, Page.MAX_SIZE));
        List<FreeResourcePackage> out = all.stream().map(p -> {
            String product = p.source() != null && p.source().offerCode() != null ? p.source().offerCode() : p.meter();
            String order = p.source() != null && p.source().orderId() != null ? Long.toString(p.source().orderId())
                    : null;
            return new FreeResourcePackage(p.packageId(), order, product, p.name(), utc(p.startsAt()),
                    utc(p.expiresAt()), status(p.status().name()), p.period().name().equals("MONTHLY") ? 1 : 2,
                    List.of(new FreeResource(p.packageId(), p.meter(), plain(p.remaining()), plain(p.quota()), 1)));
        }).filter(p -> q.status() == null || q.status().equals(p.status()))
                .filter(p -> q.orderId() == null || q.orderId().equals(p.orderId()))
                .filter(p -> q.productId() == null || q.productId().equals(p.productId()))
                .filter(p -> q.productName() == null || p.productName() != null
                        && p.productName().contains(q.productName())).toList();
        return BssJson.ok(new FreeResourcePackages(BssFormats.page(out, q.offset(), q.limit(), 10, 100), out.size()));
    }

    private static String plain(String amount) {
        return amount == null ? null : decimal(amount).stripTrailingZeros().toPlainString();
    }

    record UserCoupon(String couponId, Integer status, String customerId, Integer couponType, Integer measureId,
                      BigDecimal faceValue, String validTime, String expireTime, String orderId, String promotionPlanId,
                      BigDecimal balance, String currency, String createTime) {
    }

    record UserCoupons(Integer count, List<UserCoupon> userCoupons) {
    }

    /** Coupon status: 1 not yet active, 2 usable, 3 used, 4 expired, 5 reclaimed (revoked). */
    static int couponStatus(String s) {
        return switch (s) {
            case "NOT_YET_VALID" -> 1;
            case "USED_UP" -> 3;
            case "EXPIRED" -> 4;
            case "REVOKED" -> 5;
            default -> 2;
        };
    }

    /** ListSubCustomerCoupons: cash coupons are type 1 with their face value and balance; discount coupons type 2. */
    @GetMapping("/v2/promotions/benefits/coupons")
    public ResponseEntity<String> coupons(Caller caller, @RequestParam(name = "coupon_id", required = false)
                                          String couponId,
                                          @RequestParam(name = "order_id", required = false) String orderId,
                                          @RequestParam(name = "coupon_type", required = false) Integer type,
                                          @RequestParam(required = false) Integer status,
                                          @RequestParam(required = false) Integer offset,
                                          @RequestParam(required = false) Integer limit) {
        List<UserCoupon> all = promotions.coupons(caller, caller.customerId()).stream().map(c -> new UserCoupon(
                c.id(), couponStatus(c.status()), c.customerId(), "CASH".equals(c.kind()) ? 1 : 2, 1,
                money(decimal(c.faceValue())), utc(c.validFrom()), utc(c.validUntil()),
                c.usedOrderId() == null ? null : Long.toString(c.usedOrderId()), c.campaignId(),
                money(decimal(c.remaining())), c.currency(), utc(c.issuedAt())))
                .filter(c -> couponId == null || couponId.equals(c.couponId()))
                .filter(c -> orderId == null || orderId.equals(c.orderId()))
                .filter(c -> type == null || type.equals(c.couponType()))
                .filter(c -> status == null || status.equals(c.status())).toList();
        return BssJson.ok(new UserCoupons(all.size(), BssFormats.page(all, offset, limit, 10, 100)));
    }
}
