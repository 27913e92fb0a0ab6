package io.tollgate.console.customer;

import io.tollgate.console.Chart;
import io.tollgate.console.Charts;
import io.tollgate.cost.http.CostController;
import io.tollgate.customer.Caller;
import io.tollgate.ledger.http.LedgerController;
import io.tollgate.promotion.http.PromotionController;
import io.tollgate.subscription.Subscription;
import io.tollgate.subscription.http.SubscriptionController;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The customer's start page: balance, credit, usable coupons, an arrears banner with a top-up
 * action, what expires within 30 days, and month-to-date cost against last month and the
 * forecast. Every figure comes from the API's own controllers, with the signed-in user as caller.
 */
@Controller
@RequestMapping("/console/customers/{customerId}")
public class OverviewPage {
    static final Duration EXPIRING = Duration.ofDays(30);
    private final LedgerController ledger;
    private final PromotionController promotions;
    private final SubscriptionController subscriptions;
    private final CostController costs;
    private final io.tollgate.billing.http.BillingCentreController bills;
    private final Charts charts;
    private final Clock clock;

    public OverviewPage(LedgerController ledger, PromotionController promotions, SubscriptionController subscriptions,
                        CostController costs, io.tollgate.billing.http.BillingCentreController bills, Charts charts,
                        Clock clock) {
        this.bills = bills;
        this.ledger = ledger;
        this.promotions = promotions;
        this.subscriptions = subscriptions;
        this.costs = costs;
        this.charts = charts;
        this.clock = clock;
    }

    @GetMapping("/overview")
    public String overview(Caller caller, @PathVariable String customerId, HttpServletRequest request, Model model) {
        var balance = ledger.balance(caller, customerId);
        var usable = promotions.coupons(caller, customerId).stream().filter(c -> "USABLE".equals(c.status())).toList();
        Instant soon = clock.instant().plus(EXPIRING);
        List<Subscription> expiring = subscriptions.subscriptions(caller, customerId, null, 500).items().stream()
                .filter(s -> s.expiresAt() != null && s.expiresAt().isBefore(soon) && "ACTIVE".equals(s.status()))
                .sorted(java.util.Comparator.comparing(Subscription::expiresAt)).toList();
        YearMonth month = YearMonth.now(clock);
        var forecast = costs.forecast(caller, customerId, month.toString(), "ORIGINAL", null, request);
        YearMonth last = month.minusMonths(1);
        var lastMonth = costs.analysis(caller, customerId, last.atDay(1).toString(), month.atDay(1).toString(), null,
                "DAILY", "ORIGINAL", "COST", null, null, request);
        model.addAttribute("section", "overview");
        model.addAttribute("balance", balance);
        model.addAttribute("usableCoupons", usable);
        model.addAttribute("expiring", expiring);
        model.addAttribute("forecast", forecast);
        model.addAttribute("lastMonthTotal", lastMonth.total());
        // month to date as billed: every line settled or paid so far, today's hours included
        model.addAttribute("monthToDate", bills.summary(caller, customerId, month.toString()).total().due());
        model.addAttribute("chart", charts.json(chart(forecast, lastMonth, month, LocalDate.now(clock))));
        return "console/customer/overview";
    }

    /**
     * Cumulative cost by day of the month: this month's actual days, the forecast from today on
     * (dashed), and last month's actual days for the same day numbers.
     */
    static Chart chart(CostController.ForecastView forecast, CostController.AnalysisView lastMonth, YearMonth month,
                       LocalDate today) {
        List<String> labels = new ArrayList<>();
        List<BigDecimal> actual = new ArrayList<>();
        List<BigDecimal> expected = new ArrayList<>();
        List<BigDecimal> previous = new ArrayList<>();
        BigDecimal runActual = BigDecimal.ZERO;
        BigDecimal runExpected = BigDecimal.ZERO;
        BigDecimal runPrevious = BigDecimal.ZERO;
        java.util.Map<Integer, BigDecimal> lastByDay = new java.util.HashMap<>();
        for (var row : lastMonth.rows()) {
            lastByDay.merge(LocalDate.parse(row.period()).getDayOfMonth(), new BigDecimal(row.cost()), BigDecimal::add);
        }
        int lastLength = month.minusMonths(1).lengthOfMonth();
        for (var day : forecast.days()) {
            int d = day.day().getDayOfMonth();
            labels.add(Integer.toString(d));
            if (day.actual() != null) {
                runActual = runActual.add(new BigDecimal(day.actual()));
                actual.add(runActual);
                runExpected = runActual;
                expected.add(day.day().plusDays(1).isBefore(today) ? null : runActual);
            } else {
                actual.add(null);
                runExpected = runExpected.add(day.expected() == null ? BigDecimal.ZERO : new BigDecimal(day.expected()));
                expected.add(runExpected);
            }
            if (d <= lastLength) {
                runPrevious = runPrevious.add(lastByDay.getOrDefault(d, BigDecimal.ZERO));
                previous.add(runPrevious);
            } else {
                previous.add(null);
            }
        }
        return new Chart("line", labels, List.of(Chart.Series.of("This month", actual, 0),
                Chart.Series.of("Forecast", expected, 1).dashed(), Chart.Series.of("Last month", previous, 2)),
                false, forecast.currency());
    }
}
