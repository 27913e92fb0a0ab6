package io.tollgate.console.cost;

import io.tollgate.console.Chart;
import io.tollgate.console.Charts;
import io.tollgate.cost.http.CostController;
import io.tollgate.customer.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Cost analysis: the API's {@code /costs/analysis} (same parameters, same rows) drawn as a stacked
 * bar chart by group and period, with the same figures in a table beside it. The biggest
 * {@value #SERIES} groups get a series each; the rest are summed into "Other".
 */
@Controller
@RequestMapping("/console/customers/{customerId}/cost")
public class CostAnalysisPage {
    static final int SERIES = 8;
    static final String OTHER = "Other";
    static final List<String> DIMENSIONS = List.of("serviceType", "resourceType", "enterpriseProject", "billingMode",
            "region", "spec", "recordType", "resource");
    static final List<String> PRESETS = List.of("MONTH_TO_DATE", "LAST_7_DAYS", "LAST_14_DAYS", "LAST_30_DAYS",
            "LAST_3_MONTHS", "LAST_6_MONTHS", "LAST_12_MONTHS", "YEAR_TO_DATE");
    private final CostController costs;
    private final Charts charts;

    public CostAnalysisPage(CostController costs, Charts charts) {
        this.costs = costs;
        this.charts = charts;
    }

    @GetMapping("/analysis")
    public String analysis(Caller caller, @PathVariable String customerId,
                           @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                           @RequestParam(required = false) String preset,
                           @RequestParam(required = false) String granularity,
                           @RequestParam(required = false) String view,
                           @RequestParam(defaultValue = "serviceType") String groupBy,
                           @RequestParam(required = false) String tagKey,
                           HttpServletRequest request, Model model) {
        // a preset wins; "custom" (the empty preset) takes the from and to days
        boolean range = !notBlank(preset) && (notBlank(from) || notBlank(to));
        String p = range ? null : notBlank(preset) ? preset : "LAST_30_DAYS";
        String g = notBlank(tagKey) ? "tag:" + tagKey.strip() : groupBy;
        String v = notBlank(view) ? view : "AMORTIZED";
        String gran = notBlank(granularity) ? granularity : "DAILY";
        // the filters reach the API's controller through the request, each as sent (filter=serviceType=modelarts)
        HttpServletRequest filtered = withoutBlankFilters(request);
        var result = costs.analysis(caller, customerId, range ? from : null, range ? to : null, p, gran, v, "COST",
                g, null, filtered);
        String[] filters = filtered.getParameterValues("filter");
        model.addAttribute("section", "analysis");
        model.addAttribute("result", result);
        model.addAttribute("preset", p);
        model.addAttribute("presets", PRESETS);
        model.addAttribute("dimensions", DIMENSIONS);
        model.addAttribute("groupBy", groupBy);
        model.addAttribute("tagKey", tagKey);
        model.addAttribute("filters", filters == null ? List.of() : List.of(filters));
        Pivot pivot = pivot(result);
        model.addAttribute("pivot", pivot);
        model.addAttribute("chart", charts.json(chart(pivot, result.currency())));
        return "console/cost/analysis";
    }

    /** The analysis' rows as a period × group table: the chart's data and the table's figures. */
    public record Pivot(List<String> periods, List<String> groups, Map<String, Map<String, BigDecimal>> cells,
                        Map<String, BigDecimal> periodTotals, Map<String, BigDecimal> groupTotals) {
        public BigDecimal cell(String period, String group) {
            return cells.getOrDefault(period, Map.of()).getOrDefault(group, BigDecimal.ZERO);
        }
    }

    static String group(CostController.RowView row) {
        if (row.keys().isEmpty()) {
            return "Total";
        }
        return String.join(" / ", row.keys().values().stream().map(k -> k == null || k.isEmpty() ? "(none)" : k)
                .toList());
    }

    static Pivot pivot(CostController.AnalysisView a) {
        Map<String, BigDecimal> byGroup = new LinkedHashMap<>();
        for (var row : a.rows()) {
            byGroup.merge(group(row), new BigDecimal(row.cost()), BigDecimal::add);
        }
        List<String> ranked = byGroup.entrySet().stream()
                .sorted(Map.Entry.<String, BigDecimal>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
        List<String> shown = new ArrayList<>(ranked.subList(0, Math.min(SERIES, ranked.size())));
        boolean other = ranked.size() > SERIES;
        java.util.Set<String> kept = new java.util.HashSet<>(shown);
        TreeSet<String> periods = new TreeSet<>();
        Map<String, Map<String, BigDecimal>> cells = new LinkedHashMap<>();
        Map<String, BigDecimal> periodTotals = new LinkedHashMap<>();
        Map<String, BigDecimal> groupTotals = new LinkedHashMap<>();
        for (var row : a.rows()) {
            String g = group(row);
            String column = kept.contains(g) ? g : OTHER;
            BigDecimal cost = new BigDecimal(row.cost());
            periods.add(row.period());
            cells.computeIfAbsent(row.period(), k -> new LinkedHashMap<>()).merge(column, cost, BigDecimal::add);
            periodTotals.merge(row.period(), cost, BigDecimal::add);
            groupTotals.merge(column, cost, BigDecimal::add);
        }
        if (other) {
            shown.add(OTHER);
        }
        Map<String, BigDecimal> sortedTotals = new LinkedHashMap<>();
        periods.forEach(p -> sortedTotals.put(p, periodTotals.get(p)));
        Map<String, BigDecimal> orderedGroups = new LinkedHashMap<>();
        shown.forEach(s -> orderedGroups.put(s, groupTotals.getOrDefault(s, BigDecimal.ZERO)));
        return new Pivot(List.copyOf(periods), shown, cells, sortedTotals, orderedGroups);
    }

    static Chart chart(Pivot pivot, String currency) {
        List<Chart.Series> series = new ArrayList<>();
        for (int i = 0; i < pivot.groups().size(); i++) {
            String g = pivot.groups().get(i);
            series.add(Chart.Series.of(g, pivot.periods().stream().map(p -> pivot.cell(p, g)).toList(), i));
        }
        return new Chart("bar", pivot.periods(), series, true, currency);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** The request with its blank filter fields left out (the form always sends one empty field to add a filter). */
    static HttpServletRequest withoutBlankFilters(HttpServletRequest request) {
        String[] all = request.getParameterValues("filter");
        String[] kept = all == null ? null : java.util.Arrays.stream(all).filter(CostAnalysisPage::notBlank)
                .map(String::strip).toArray(String[]::new);
        return new jakarta.servlet.http.HttpServletRequestWrapper(request) {
            @Override
            public String[] getParameterValues(String name) {
                return "filter".equals(name) ? (kept == null || kept.length == 0 ? null : kept.clone())
                        : super.getParameterValues(name);
            }
        };
    }
}
