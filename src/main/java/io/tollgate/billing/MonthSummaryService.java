package io.tollgate.billing;

import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.ResourceType;
import io.tollgate.customer.CustomerService;
import io.tollgate.settlement.FeeReads;
import io.tollgate.settlement.FeeTotal;
import io.tollgate.subscription.Order;
import io.tollgate.subscription.PrepaidReads;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * The month summary. Settled lines come from settlement's per-hour aggregate (kept by the fee
 * records' insert trigger, V21_1): a month of a million lines reads about 720 x keys rows, not
 * the lines. Prepaid lines (a handful a month) are read as lines. Lines not settled yet join the
 * summary when their hour settles.
 */
@Service
public class MonthSummaryService {
    private static final int ORDER_PAGE = 500;
    private final FeeReads fees;
    private final PrepaidReads prepaid;
    private final CatalogService catalog;
    private final CustomerService customers;

    MonthSummaryService(FeeReads fees, PrepaidReads prepaid, CatalogService catalog, CustomerService customers) {
        this.fees = fees;
        this.prepaid = prepaid;
        this.catalog = catalog;
        this.customers = customers;
    }

    /** A summary row: the keys of every dimension and the money. */
    private record Row(Map<String, String> keys, MoneyParts parts) {
    }

    public MonthSummary summary(String customerId, BillingPeriod period) {
        String currency = customers.customer(customerId).currency();
        Map<String, String> serviceOf = catalog.resourceTypes().stream()
                .collect(Collectors.toMap(ResourceType::code, ResourceType::serviceType, (a, b) -> a));
        List<Row> rows = new ArrayList<>();
        for (FeeTotal t : fees.totals(customerId, period.start(), period.endExclusive())) {
            rows.add(new Row(keys(serviceOf.get(t.resourceType()), t.resourceType(), t.billingMode(),
                    t.enterpriseProject(), t.kind()), parts(t)));
        }
        long after = 0;
        List<Order> orders;
        do {
            orders = prepaid.paidOrders(customerId, period.start(), period.endExclusive(), after, ORDER_PAGE);
            for (Order o : orders) {
                FeeRecordView l = OrderLines.line(o, new OrderLines.Context(serviceOf.get(o.resourceType()), null,
                        Map.of()));
                rows.add(new Row(keys(l.serviceType(), l.resourceType(), l.billingMode(), null, l.recordType()),
                        parts(l)));
                after = o.id();
            }
        } while (orders.size() == ORDER_PAGE);
        return summarise(customerId, period, currency, rows);
    }

    private static MonthSummary summarise(String customerId, BillingPeriod period, String currency, List<Row> rows) {
        MoneyParts total = rows.stream().map(Row::parts).reduce(MoneyParts.ZERO, MoneyParts::plus);
        Map<String, List<MonthSummary.Group>> by = new LinkedHashMap<>();
        for (String dimension : MonthSummary.DIMENSIONS) {
            Map<String, MoneyParts> groups = new TreeMap<>();
            for (Row r : rows) {
                groups.merge(r.keys().get(dimension), r.parts(), MoneyParts::plus);
            }
            by.put(dimension, groups.entrySet().stream().map(e -> new MonthSummary.Group(e.getKey(), e.getValue()))
                    .toList());
        }
        return new MonthSummary(customerId, period.month(), currency, total, by);
    }

    /** The keys of a row; a missing value (a prepaid order names no enterprise project) is "" (none). */
    private static Map<String, String> keys(String serviceType, String resourceType, String billingMode,
                                            String enterpriseProject, String recordType) {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("serviceType", serviceType == null ? "" : serviceType);
        k.put("resourceType", resourceType);
        k.put("billingMode", billingMode);
        k.put("enterpriseProject", enterpriseProject == null ? "" : enterpriseProject);
        k.put("recordType", recordType);
        return k;
    }

    private static MoneyParts parts(FeeTotal t) {
        FeeTotal.Parts p = t.parts();
        return new MoneyParts(t.lines(), p.list(), p.discount(), p.truncated(), p.charged(),
                new MoneyParts.Paid(p.cash(), p.credit(), p.coupon(), p.arrears()));
    }

    private static MoneyParts parts(FeeRecordView l) {
        return new MoneyParts(1, new BigDecimal(l.listAmount()), new BigDecimal(l.discountAmount()),
                new BigDecimal(l.truncatedAmount()), new BigDecimal(l.chargedAmount()),
                new MoneyParts.Paid(new BigDecimal(l.cashAmount()), new BigDecimal(l.creditAmount()),
                        new BigDecimal(l.couponAmount()), new BigDecimal(l.arrearsAmount())));
    }
}
