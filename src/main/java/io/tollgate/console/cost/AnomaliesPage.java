package io.tollgate.console.cost;

import io.tollgate.console.Actions;
import io.tollgate.cost.AnomalyService;
import io.tollgate.cost.http.AnomalyController;
import io.tollgate.customer.Caller;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Anomalies: what the monitors found (confirm or dismiss each) and the monitors themselves (add, stop). */
@Controller
@RequestMapping("/console/customers/{customerId}/cost/anomalies")
public class AnomaliesPage {
    private final AnomalyController anomalies;

    public AnomaliesPage(AnomalyController anomalies) {
        this.anomalies = anomalies;
    }

    @GetMapping
    public String list(Caller caller, @PathVariable String customerId, Model model) {
        model.addAttribute("section", "anomalies");
        model.addAttribute("anomalies", anomalies.list(caller, customerId));
        model.addAttribute("monitors", anomalies.monitors(caller, customerId));
        return "console/cost/anomalies";
    }

    @PostMapping("/{anomalyId}/status")
    public String answer(Caller caller, @PathVariable String customerId, @PathVariable long anomalyId,
                         @RequestParam String status, RedirectAttributes flash) {
        return Actions.run(flash, "/console/customers/" + customerId + "/cost/anomalies", () -> {
            var a = anomalies.answer(caller, customerId, anomalyId, new AnomalyController.AnomalyStatusRequest(status));
            return "Anomaly " + a.id() + " marked " + a.status().toLowerCase() + ".";
        });
    }

    @PostMapping("/monitors")
    public String addMonitor(Caller caller, @PathVariable String customerId, @RequestParam String name,
                             @RequestParam String scope, @RequestParam(required = false) String tagKey,
                             @RequestParam(required = false) String value,
                             @RequestParam(required = false) String growthPercent, RedirectAttributes flash) {
        return Actions.run(flash, "/console/customers/" + customerId + "/cost/anomalies", () -> {
            var m = anomalies.create(caller, customerId, new AnomalyService.MonitorRequest(name.strip(), scope,
                    blank(tagKey), blank(value), blank(growthPercent))).getBody();
            return "Monitor '" + m.name() + "' added: it checks every day for the day before.";
        });
    }

    @PostMapping("/monitors/{monitorId}/delete")
    public String deleteMonitor(Caller caller, @PathVariable String customerId, @PathVariable long monitorId,
                                RedirectAttributes flash) {
        return Actions.run(flash, "/console/customers/" + customerId + "/cost/anomalies", () -> {
            anomalies.delete(caller, customerId, monitorId);
            return "Monitor stopped.";
        });
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
