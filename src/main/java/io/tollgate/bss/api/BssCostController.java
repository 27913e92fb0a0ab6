package io.tollgate.bss.api;

import io.tollgate.billing.http.BillingCentreController;
import io.tollgate.customer.Caller;
import io.tollgate.customer.CustomerService;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * ListCustomerBillsMonthlyBreakDown over Tollgate's amortization (billing-rules §9, docs/bills.md):
 * each resource with amortized cost in {@code shared_month}, its amortized amount in that month,
 * in the months before and in the months after, and their sum as consume_amount. Days in the
 * billing zone; terms of up to three years on either side are covered.
 */
@RestController
@io.swagger.v3.oas.annotations.Hidden
public class BssCostController {
    /** The longest range one amortization query covers. */
    static final int WINDOW_DAYS = 400;
    static final int REACH_YEARS = 3;
    private final BillingCentreController centre;
    private final CustomerService customers;
    private final io.tollgate.subscription.http.SubscriptionController subscriptions;

    public BssCostController(BillingCentreController centre, CustomerService customers,
                             io.tollgate.subscription.http.SubscriptionController subscriptions) {
        this.centre = centre;
        this.customers = customers;
        this.subscriptions = subscriptions;
    }

    record Detail(String sharedMonth, String customerId, String resourceId, String resourceName, Integer chargingMode,
                  BigDecimal consumeAmount, BigDecimal pastMonthsAmortizedAmount,
                  BigDecimal currentMonthAmortizedAmount, BigDecimal futureMonthsAmortizedAmount) {
    }

    record Breakdown(String currency, Integer totalCount, List<Detail> details) {
    }

    /** Amortized cost by day of one resource (or of every resource when null) in [from, to), window by window. */
    private Map<String, TreeMap<LocalDate, BigDecimal>> amortized(Caller caller, String resourceId, LocalDate from,
                                                                  LocalDate to) {
        Map<String, TreeMap<LocalDate, BigDecimal>> out = new LinkedHashMap<>();
        for (LocalDate start = from; start.isBefore(to); start = start.plusDays(WINDOW_DAYS)) {
            LocalDate end = start.plusDays(WINDOW_DAYS).isBefore(to) ? start.plusDays(WINDOW_DAYS) : to;
            for (var d : centre.daily(caller, caller.customerId(), start.toString(), end.toString(), resourceId,
                    "AMORTIZED")) {
                out.computeIfAbsent(d.resourceId(), k -> new TreeMap<>()).merge(d.day(), new BigDecimal(d.cost()),
                        BigDecimal::add);
            }
        }
        return out;
    }

    @GetMapping("/v2/costs/cost-analysed-bills/monthly-breakdown")
    public ResponseEntity<String> breakdown(Caller caller, @RequestParam(name = "shared_month") String sharedMonth,
                                            @RequestParam(name = "resource_id", required = false) String resourceId,
                                            @RequestParam(required = false) Integer offset,
                                            @RequestParam(required = false) Integer limit) {
        YearMonth month = YearMonth.parse(BssBillController.month(sharedMonth, "shared_month"));
        LocalDate first = month.atDay(1);
        LocalDate next = month.plusMonths(1).atDay(1);
        Map<String, TreeMap<LocalDate, BigDecimal>> current = amortized(caller, resourceId, first, next);
        List<Detail> details = new ArrayList<>();
        for (var e : current.entrySet()) {
            BigDecimal now = sum(e.getValue());
            if (now.signum() == 0) {
                continue;
            }
            String rid = e.getKey();
            BigDecimal past = sum(amortized(caller, rid, first.minusYears(REACH_YEARS), first)
                    .getOrDefault(rid, new TreeMap<>()));
            BigDecimal future = sum(amortized(caller, rid, next, next.plusYears(REACH_YEARS))
                    .getOrDefault(rid, new TreeMap<>()));
            int mode = subscribed(caller, rid) ? 1 : 3;
            details.add(new Detail(month.toString(), caller.customerId(), rid, rid, mode, past.add(now).add(future),
                    past, now, future));
        }
        String currency = customers.customer(caller.customerId()).currency();
        return BssJson.ok(new Breakdown(currency, details.size(), BssFormats.page(details, offset, limit, 10, 1000)));
    }

    private boolean subscribed(Caller caller, String resourceId) {
        try {
            subscriptions.subscription(caller, caller.customerId(), resourceId);
            return true;
        } catch (io.tollgate.shared.Failure f) {
            return false;
        }
    }

    private static BigDecimal sum(Map<LocalDate, BigDecimal> days) {
        return days.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
