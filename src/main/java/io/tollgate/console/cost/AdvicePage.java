package io.tollgate.console.cost;

import io.tollgate.console.Actions;
import io.tollgate.cost.http.AdviceController;
import io.tollgate.customer.Caller;
import java.math.BigDecimal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Optimization advice judged on the last 7, 30 or 60 days, with the monthly saving of each; dismiss what does not apply. */
@Controller
@RequestMapping("/console/customers/{customerId}/cost/advice")
public class AdvicePage {
    private final AdviceController advice;

    public AdvicePage(AdviceController advice) {
        this.advice = advice;
    }

    @GetMapping
    public String list(Caller caller, @PathVariable String customerId,
                       @RequestParam(defaultValue = "30") int lookbackDays, Model model) {
        var items = advice.list(caller, customerId, lookbackDays);
        model.addAttribute("section", "advice");
        model.addAttribute("lookbackDays", lookbackDays);
        model.addAttribute("advice", items);
        model.addAttribute("saving", items.stream().map(a -> a.monthlySaving() == null ? BigDecimal.ZERO
                : a.monthlySaving()).reduce(BigDecimal.ZERO, BigDecimal::add));
        return "console/cost/advice";
    }

    @PostMapping("/{key}/dismiss")
    public String dismiss(Caller caller, @PathVariable String customerId, @PathVariable String key,
                          @RequestParam(defaultValue = "30") int lookbackDays, RedirectAttributes flash) {
        return Actions.run(flash, "/console/customers/" + customerId + "/cost/advice?lookbackDays=" + lookbackDays,
                () -> {
                    advice.dismiss(caller, customerId, key);
                    return "Advice dismissed: it is not shown again.";
                });
    }
}
