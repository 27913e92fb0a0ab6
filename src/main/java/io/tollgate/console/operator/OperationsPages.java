package io.tollgate.console.operator;

import static io.tollgate.console.operator.CustomersPage.blank;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.clock.ClockController;
import io.tollgate.clock.JobRunner;
import io.tollgate.clock.http.QuarantineController;
import io.tollgate.console.Actions;
import io.tollgate.customer.Caller;
import io.tollgate.lifecycle.http.LifecycleController;
import io.tollgate.notify.webhook.http.WebhookController;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Operations: lifecycle policies by customer level, webhook endpoints and their failed
 * deliveries (replay), the jobs' health (lag, quarantined items, retry) and, in demo mode, the
 * clock.
 */
@Controller
@RequestMapping("/console/operator")
public class OperationsPages {
    private final LifecycleController lifecycle;
    private final WebhookController webhooks;
    private final QuarantineController quarantine;
    private final ClockController clock;
    private final JobRunner jobs;
    private final MeterRegistry metrics;
    private final io.tollgate.clock.ClockService clocks;
    private final io.tollgate.console.ConsoleFormat fmt;

    public OperationsPages(LifecycleController lifecycle, WebhookController webhooks, QuarantineController quarantine,
                           ClockController clock, JobRunner jobs, MeterRegistry metrics,
                           io.tollgate.clock.ClockService clocks, io.tollgate.console.ConsoleFormat fmt) {
        this.fmt = fmt;
        this.lifecycle = lifecycle;
        this.webhooks = webhooks;
        this.quarantine = quarantine;
        this.clock = clock;
        this.jobs = jobs;
        this.metrics = metrics;
        this.clocks = clocks;
    }

    @GetMapping("/lifecycle")
    public String policies(Caller caller, Model model) {
        model.addAttribute("section", "op-lifecycle");
        model.addAttribute("policies", lifecycle.policies(caller));
        return "console/operator/lifecycle";
    }

    @PostMapping("/lifecycle")
    public String setPolicy(Caller caller, @RequestParam String level, @RequestParam int graceDays,
                            @RequestParam int retentionDays, RedirectAttributes flash) {
        return Actions.run(flash, "/console/operator/lifecycle", () -> {
            lifecycle.setPolicy(caller, level.strip(), new LifecycleController.PolicyRequest(graceDays, retentionDays));
            return "Level " + level.strip() + ": " + graceDays + " days of grace, then " + retentionDays
                    + " days frozen before release.";
        });
    }

    @GetMapping("/webhooks")
    public String webhooks(Caller caller, @RequestParam(required = false) Long endpointId,
                           @RequestParam(defaultValue = "DEAD") String state, @RequestParam(required = false) String cursor,
                           Model model) {
        model.addAttribute("section", "op-webhooks");
        model.addAttribute("endpoints", webhooks.endpoints(caller));
        model.addAttribute("state", state);
        model.addAttribute("endpointId", endpointId);
        model.addAttribute("deliveries", webhooks.deliveries(caller, endpointId, blank(state), cursor, 50));
        return "console/operator/webhooks";
    }

    @PostMapping("/webhooks")
    public String register(Caller caller, @RequestParam String url, @RequestParam(required = false) String description,
                           @RequestParam(required = false) String eventTypes, RedirectAttributes flash) {
        return Actions.run(flash, "/console/operator/webhooks", () -> {
            var e = webhooks.register(caller, new WebhookController.EndpointRequest(url.strip(), blank(description),
                    blank(eventTypes) == null ? null : Arrays.stream(eventTypes.split("[\\s,]+"))
                            .filter(s -> !s.isEmpty()).toList(), null, null));
            flash.addFlashAttribute("newSecret", e.secret());
            return "Endpoint " + e.endpoint().id() + " registered. Its signing secret is shown once below.";
        });
    }

    @PostMapping("/webhooks/{id}/enabled")
    public String enable(Caller caller, @PathVariable long id, @RequestParam boolean enabled, RedirectAttributes flash) {
        return Actions.run(flash, "/console/operator/webhooks", () -> {
            webhooks.update(caller, id, new WebhookController.EndpointChange(null, null, null, enabled));
            return "Endpoint " + id + (enabled ? " enabled." : " disabled: events wait for it.");
        });
    }

    @PostMapping("/webhooks/{id}/replay")
    public String replayAll(Caller caller, @PathVariable long id, RedirectAttributes flash) {
        return Actions.run(flash, "/console/operator/webhooks", () -> "Replaying "
                + webhooks.replayAll(caller, id).replayed() + " failed deliveries of endpoint " + id + ".");
    }

    @PostMapping("/webhooks/deliveries/{id}/replay")
    public String replay(Caller caller, @PathVariable long id, RedirectAttributes flash) {
        return Actions.run(flash, "/console/operator/webhooks", () -> {
            var d = webhooks.replay(caller, id);
            return "Delivery " + d.id() + " of " + d.topic() + " is " + d.state().toLowerCase() + " again.";
        });
    }

    /** One job's health: how long its oldest due item has waited, and how many items it holds back. */
    public record JobHealth(String job, Double lagSeconds, int quarantined) {
    }

    @GetMapping("/jobs")
    public String jobs(Caller caller, Model model) {
        var held = quarantine.list(caller, 200).get("items");
        Map<String, Double> lag = new TreeMap<>();
        for (Gauge g : metrics.find("tollgate.jobs.lag.seconds").gauges()) {
            lag.put(g.getId().getTag("job"), g.value());
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (Gauge g : metrics.find("tollgate.jobs.quarantined.items").gauges()) {
            counts.put(g.getId().getTag("job"), (int) g.value());
        }
        List<JobHealth> health = counts.keySet().stream()
                .map(j -> new JobHealth(j, lag.get(j), counts.get(j))).toList();
        model.addAttribute("section", "op-jobs");
        model.addAttribute("health", health);
        model.addAttribute("held", held);
        model.addAttribute("nextDue", jobs.nextDue().orElse(null));
        return "console/operator/jobs";
    }

    @PostMapping("/jobs/{job}/{item}/retry")
    public String retry(Caller caller, @PathVariable String job, @PathVariable String item, RedirectAttributes flash) {
        return Actions.run(flash, "/console/operator/jobs", () -> {
            quarantine.retry(caller, job, item);
            return "Item " + item + " of " + job + " is retried at the job's next run.";
        });
    }

    @GetMapping("/clock")
    public String clock(Caller caller, Model model) {
        requireDemo();
        model.addAttribute("section", "op-clock");
        model.addAttribute("clock", clock.now(caller));
        return "console/operator/clock";
    }

    @PostMapping("/clock")
    public String advance(Caller caller, @RequestParam String by, RedirectAttributes flash) {
        requireDemo();
        return Actions.run(flash, "/console/operator/clock", () -> {
            var a = clock.advance(caller, new ClockController.AdvanceRequest(null, by.strip()));
            return "The clock is at " + fmt.time(a.now()) + ": " + a.resourceHoursSettled() + " resource-hours settled, "
                    + a.feeLines() + " fee lines, " + a.subscriptionEvents() + " subscription events, "
                    + a.lifecycleChanges() + " lifecycle changes.";
        });
    }

    /** The clock moves in demo and test modes only; a production clock is the system's. */
    private void requireDemo() {
        if (!clocks.movable()) {
            throw io.tollgate.shared.Failure.notFound("clock-not-movable", "the clock moves only in demo and test modes");
        }
    }
}
