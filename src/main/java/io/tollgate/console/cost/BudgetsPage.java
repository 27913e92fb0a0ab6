package io.tollgate.console.cost;

import io.tollgate.console.Actions;
import io.tollgate.cost.BudgetService;
import io.tollgate.cost.http.BudgetController;
import io.tollgate.customer.Caller;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Budgets: each with its current period's actual and forecast spend against the amount, and the
 * alerts it gave; create, edit and delete through the API's controller (the same checks: names,
 * amounts, thresholds, at most 1,000 a customer).
 */
@Controller
@RequestMapping("/console/customers/{customerId}/cost/budgets")
public class BudgetsPage {
    /** Threshold rows the form offers. */
    static final int THRESHOLDS = 3;
    private final BudgetController budgets;

    public BudgetsPage(BudgetController budgets) {
        this.budgets = budgets;
    }

    /** The form's fields, filled from a budget to edit it or with a new budget's defaults. */
    public record Form(String name, String measure, String view, String unit, String period, String amount,
                       String filters, List<BudgetService.ThresholdRequest> thresholds) {
        static Form empty() {
            return new Form("", "COST", "ORIGINAL", "", "MONTHLY", "", "",
                    pad(List.of(new BudgetService.ThresholdRequest("80", "ACTUAL"),
                            new BudgetService.ThresholdRequest("100", "FORECAST"))));
        }

        static Form of(BudgetController.BudgetView b) {
            return new Form(b.name(), b.measure(), b.view(), b.unit() == null ? "" : b.unit(), b.period(),
                    b.amount() == null ? "" : b.amount(), String.join("\n", b.filters()),
                    pad(b.thresholds().stream().map(t -> new BudgetService.ThresholdRequest(t.percent(), t.basis()))
                            .toList()));
        }

        static List<BudgetService.ThresholdRequest> pad(List<BudgetService.ThresholdRequest> given) {
            List<BudgetService.ThresholdRequest> rows = new ArrayList<>(given);
            while (rows.size() < THRESHOLDS) {
                rows.add(new BudgetService.ThresholdRequest("", "ACTUAL"));
            }
            return rows;
        }
    }

    @GetMapping
    public String list(Caller caller, @PathVariable String customerId, Model model) {
        model.addAttribute("section", "budgets");
        model.addAttribute("budgets", budgets.list(caller, customerId));
        model.addAttribute("form", Form.empty());
        return "console/cost/budgets";
    }

    @GetMapping("/{budgetId}")
    public String edit(Caller caller, @PathVariable String customerId, @PathVariable long budgetId, Model model) {
        var b = budgets.get(caller, customerId, budgetId);
        model.addAttribute("section", "budgets");
        model.addAttribute("budget", b);
        model.addAttribute("form", Form.of(b));
        return "console/cost/budget";
    }

    @PostMapping
    public String create(Caller caller, @PathVariable String customerId, @RequestParam String name,
                         @RequestParam String measure, @RequestParam String view,
                         @RequestParam(required = false) String unit, @RequestParam String period,
                         @RequestParam String amount, @RequestParam(required = false) String filters,
                         @RequestParam(required = false) List<String> thresholdPercent,
                         @RequestParam(required = false) List<String> thresholdBasis, RedirectAttributes flash) {
        String back = "/console/customers/" + customerId + "/cost/budgets";
        return Actions.run(flash, back, () -> {
            var b = budgets.create(caller, customerId, request(name, measure, view, unit, period, amount, filters,
                    thresholdPercent, thresholdBasis)).getBody();
            return "Budget '" + b.name() + "' created.";
        });
    }

    @PostMapping("/{budgetId}")
    public String update(Caller caller, @PathVariable String customerId, @PathVariable long budgetId,
                         @RequestParam String name, @RequestParam String measure, @RequestParam String view,
                         @RequestParam(required = false) String unit, @RequestParam String period,
                         @RequestParam String amount, @RequestParam(required = false) String filters,
                         @RequestParam(required = false) List<String> thresholdPercent,
                         @RequestParam(required = false) List<String> thresholdBasis, RedirectAttributes flash) {
        String list = "/console/customers/" + customerId + "/cost/budgets";
        return Actions.run(flash, list, list + "/" + budgetId, () -> {
            var b = budgets.update(caller, customerId, budgetId, request(name, measure, view, unit, period, amount,
                    filters, thresholdPercent, thresholdBasis));
            return "Budget '" + b.name() + "' saved.";
        });
    }

    @PostMapping("/{budgetId}/delete")
    public String delete(Caller caller, @PathVariable String customerId, @PathVariable long budgetId,
                         RedirectAttributes flash) {
        return Actions.run(flash, "/console/customers/" + customerId + "/cost/budgets", () -> {
            budgets.delete(caller, customerId, budgetId);
            return "Budget deleted with its alerts.";
        });
    }

    static BudgetService.BudgetRequest request(String name, String measure, String view, String unit, String period,
                                               String amount, String filters, List<String> percents,
                                               List<String> bases) {
        List<String> scope = filters == null ? List.of() : Arrays.stream(filters.split("\\R")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        List<BudgetService.ThresholdRequest> thresholds = new ArrayList<>();
        for (int i = 0; percents != null && i < percents.size(); i++) {
            String p = percents.get(i) == null ? "" : percents.get(i).strip();
            if (!p.isEmpty()) {
                thresholds.add(new BudgetService.ThresholdRequest(p, bases != null && i < bases.size()
                        ? bases.get(i) : "ACTUAL"));
            }
        }
        return new BudgetService.BudgetRequest(name.strip(), measure, view, unit == null || unit.isBlank() ? null
                : unit.strip(), period, amount.strip(), null, scope, thresholds);
    }
}
