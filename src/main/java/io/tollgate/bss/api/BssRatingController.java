package io.tollgate.bss.api;

import io.tollgate.catalog.http.QuoteController;
import io.tollgate.customer.Caller;
import io.tollgate.customer.CustomerService;
import io.tollgate.shared.Failure;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The vendor's price inquiries over Tollgate's calculator: ListOnDemandResourceRatings (a
 * pay-per-use duration in hours) and ListRateOnPeriodDetail (a term of months or years), each
 * product by its spec (resource_spec), region and resource type, in the customer's currency, at
 * list price (official website amount = amount; the term discount of a yearly price is the
 * optional discount result).
 */
@RestController
@io.swagger.v3.oas.annotations.Hidden
public class BssRatingController {
    static final int MAX_PRODUCTS = 100;
    private final QuoteController quotes;
    private final CustomerService customers;
    private final io.tollgate.subscription.http.SubscriptionController subscriptions;

    public BssRatingController(QuoteController quotes, CustomerService customers,
                               io.tollgate.subscription.http.SubscriptionController subscriptions) {
        this.quotes = quotes;
        this.customers = customers;
        this.subscriptions = subscriptions;
    }

    record DemandProduct(String id, String cloudServiceType, String resourceType, String resourceSpec, String region,
                         Integer resourceSize, Integer sizeMeasureId, String usageFactor, BigDecimal usageValue,
                         Integer usageMeasureId, Integer subscriptionNum) {
    }

    record DemandRequest(String projectId, Integer inquiryPrecision, List<DemandProduct> productInfos) {
    }

    record DemandResult(String id, String productId, BigDecimal amount, BigDecimal discountAmount,
                        BigDecimal officialWebsiteAmount, Integer measureId) {
    }

    record DemandRating(BigDecimal amount, BigDecimal discountAmount, BigDecimal officialWebsiteAmount,
                        Integer measureId, String currency, List<DemandResult> productRatingResults) {
    }

    private static <T> List<T> products(List<T> products) {
        if (products == null || products.isEmpty() || products.size() > MAX_PRODUCTS) {
            throw Failure.invalid("invalid-product-infos", "product_infos holds 1 to " + MAX_PRODUCTS + " products");
        }
        return products;
    }

    private static void unique(Set<String> ids, String id) {
        if (id == null || !ids.add(id)) {
            throw Failure.invalid("invalid-product-id", "each product has an id of its own");
        }
    }

    /** GB sizes (size_measure_id 17) are the disk size; otherwise subscription_num is the node count. */
    private static Integer size(Integer size, Integer measure) {
        if (size == null) {
            return null;
        }
        if (measure != null && measure != 17) {
            throw Failure.invalid("invalid-size-measure", "resource_size is in GB (size_measure_id 17) here");
        }
        return size;
    }

    @PostMapping("/v2/bills/ratings/on-demand-resources")
    public ResponseEntity<String> onDemand(Caller caller, @RequestBody(required = false) String body) {
        DemandRequest r = BssJson.read(body, DemandRequest.class);
        String currency = customers.customer(caller.customerId()).currency();
        int scale = r.inquiryPrecision() != null && r.inquiryPrecision() == 1 ? 10 : 6;
        Set<String> ids = new HashSet<>();
        List<DemandResult> results = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (DemandProduct p : products(r.productInfos())) {
            unique(ids, p.id());
            if (p.usageMeasureId() == null || p.usageMeasureId() != 4 || p.usageValue() == null
                    || p.usageValue().signum() <= 0) {
                throw Failure.invalid("invalid-usage", "usage_value is a positive number of hours (usage_measure_id 4)");
            }
            var q = quotes.payPerUse(caller, new QuoteController.PayPerUseRequest(p.resourceSpec(), p.region(),
                    currency, p.subscriptionNum(), size(p.resourceSize(), p.sizeMeasureId()),
                    p.usageValue().stripTrailingZeros().toPlainString(), p.resourceType()));
            BigDecimal amount = new BigDecimal(q.amount()).setScale(scale, RoundingMode.DOWN);
            results.add(new DemandResult(p.id(), p.resourceSpec(), amount, BigDecimal.ZERO, amount, 1));
            total = total.add(amount);
        }
        return BssJson.ok(new DemandRating(total, BigDecimal.ZERO, total, 1, currency, results));
    }

    record PeriodProduct(String id, String cloudServiceType, String resourceType, String resourceSpec, String region,
                         Integer resourceSize, Integer sizeMeasureId, Integer periodType, Integer periodNum,
                         Integer subscriptionNum) {
    }

    record PeriodRequest(String projectId, List<PeriodProduct> productInfos) {
    }

    record OfficialProduct(String id, String productId, BigDecimal officialWebsiteAmount, Integer measureId) {
    }

    record Official(BigDecimal officialWebsiteAmount, Integer measureId, List<OfficialProduct> productRatingResults) {
    }

    record DiscountProduct(String id, String productId, BigDecimal amount, BigDecimal officialWebsiteAmount,
                           BigDecimal discountAmount, Integer measureId) {
    }

    record OptionalDiscount(String discountId, BigDecimal amount, BigDecimal officialWebsiteAmount,
                            BigDecimal discountAmount, Integer measureId, Integer discountType, String discountName,
                            Integer bestOffer, List<DiscountProduct> productRatingResults) {
    }

    record PeriodRating(Official officialWebsiteRatingResult, List<OptionalDiscount> optionalDiscountRatingResults,
                        String currency) {
    }

    /**
     * ListRateOnPeriodDetail: period_type 2 (months) or 3 (years). The official website amount is
     * the list amount (monthly price x months); where a yearly price is cheaper, the price paid and
     * its term discount are the optional discount result (type 606), marked the best offer.
     */
    @PostMapping("/v2/bills/ratings/period-resources/subscribe-rate")
    public ResponseEntity<String> period(Caller caller, @RequestBody(required = false) String body) {
        PeriodRequest r = BssJson.read(body, PeriodRequest.class);
        String currency = customers.customer(caller.customerId()).currency();
        Set<String> ids = new HashSet<>();
        List<OfficialProduct> official = new ArrayList<>();
        List<DiscountProduct> discounted = new ArrayList<>();
        BigDecimal list = BigDecimal.ZERO;
        BigDecimal paid = BigDecimal.ZERO;
        for (PeriodProduct p : products(r.productInfos())) {
            unique(ids, p.id());
            String unit = switch (p.periodType() == null ? 0 : p.periodType()) {
                case 2 -> "M";
                case 3 -> "Y";
                default -> throw Failure.invalid("invalid-period-type", "period_type is 2 (month) or 3 (year) here");
            };
            if (p.periodNum() == null) {
                throw Failure.invalid("invalid-period-num", "period_num is required");
            }
            var q = quotes.prepaid(caller, new QuoteController.PrepaidRequest(p.resourceSpec(), p.region(), currency,
                    p.subscriptionNum(), size(p.resourceSize(), p.sizeMeasureId()), "P" + p.periodNum() + unit,
                    p.resourceType()));
            BigDecimal listAmount = new BigDecimal(q.listAmount());
            BigDecimal amount = new BigDecimal(q.amount());
            official.add(new OfficialProduct(p.id(), p.resourceSpec(), listAmount, 1));
            discounted.add(new DiscountProduct(p.id(), p.resourceSpec(), amount, listAmount,
                    listAmount.subtract(amount), 1));
            list = list.add(listAmount);
            paid = paid.add(amount);
        }
        List<OptionalDiscount> options = paid.compareTo(list) < 0 ? List.of(new OptionalDiscount("term-price", paid,
                list, list.subtract(paid), 1, 606, "term price", 1, discounted)) : List.of();
        return BssJson.ok(new PeriodRating(new Official(list, 1, official), options, currency));
    }

    record RenewRateRequest(List<String> resourceIds, Integer periodType, Integer periodNum,
                            Boolean includeRelativeResources) {
    }

    record RenewInquiry(String resourceId, String amount) {
    }

    record OfficialV2(String officialWebsiteAmount) {
    }

    record OptionalDiscountV2(String discountId, String amount, String officialWebsiteAmount, String discountAmount,
                              Integer discountType, String discountName, Integer bestOffer) {
    }

    record RenewRate(String currency, List<RenewInquiry> renewInquiryResults, OfficialV2 officialWebsiteRatingResult,
                     List<OptionalDiscountV2> optionalDiscountRatingResults, List<BssFormats.FailResource> failResourceInfos) {
    }

    /**
     * ListRenewRateOnPeriod: what renewing each resource for the term costs at the prices in force
     * (its spec, region, nodes and type), as strings; a resource that cannot be quoted is listed in
     * fail_resource_infos.
     */
    @PostMapping("/v2/bills/ratings/period-resources/renew-rate")
    public ResponseEntity<String> renewRate(Caller caller, @RequestBody(required = false) String body) {
        RenewRateRequest r = BssJson.read(body, RenewRateRequest.class);
        if (r.resourceIds() == null || r.resourceIds().isEmpty() || r.resourceIds().size() > MAX_PRODUCTS) {
            throw Failure.invalid("invalid-resource-ids", "resource_ids holds 1 to " + MAX_PRODUCTS + " resource ids");
        }
        String unit = switch (r.periodType() == null ? 0 : r.periodType()) {
            case 2 -> "M";
            case 3 -> "Y";
            default -> throw Failure.invalid("invalid-period-type", "period_type is 2 (month) or 3 (year)");
        };
        if (r.periodNum() == null) {
            throw Failure.invalid("invalid-period-num", "period_num is required");
        }
        String currency = customers.customer(caller.customerId()).currency();
        List<RenewInquiry> results = new ArrayList<>();
        List<BssFormats.FailResource> failed = new ArrayList<>();
        BigDecimal list = BigDecimal.ZERO;
        BigDecimal paid = BigDecimal.ZERO;
        for (String rid : r.resourceIds()) {
            try {
                var sub = subscriptions.subscription(caller, caller.customerId(), rid);
                var q = quotes.prepaid(caller, new QuoteController.PrepaidRequest(sub.specCode(), sub.region(),
                        currency, sub.nodes(), null, "P" + r.periodNum() + unit, sub.resourceType()));
                results.add(new RenewInquiry(rid, new BigDecimal(q.amount()).toPlainString()));
                list = list.add(new BigDecimal(q.listAmount()));
                paid = paid.add(new BigDecimal(q.amount()));
            } catch (Failure f) {
                failed.add(BssFormats.FailResource.of(rid, f));
            }
        }
        List<OptionalDiscountV2> options = paid.compareTo(list) < 0 ? List.of(new OptionalDiscountV2("term-price",
                paid.toPlainString(), list.toPlainString(), list.subtract(paid).toPlainString(), 606, "term price", 1))
                : List.of();
        return BssJson.ok(new RenewRate(currency, results, new OfficialV2(list.toPlainString()), options, failed));
    }
}
