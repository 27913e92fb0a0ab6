package io.tollgate.console.customer;

import io.tollgate.customer.Caller;
import io.tollgate.lifecycle.ResourceLifecycle;
import io.tollgate.lifecycle.http.LifecycleController;
import io.tollgate.metering.http.PackageController;
import io.tollgate.promotion.http.PromotionController;
import io.tollgate.resource.http.ResourceController;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** What the customer holds: resources with their lifecycle state, coupons and packages with what is left. */
@Controller
@RequestMapping("/console/customers/{customerId}")
public class AccountPages {
    private final ResourceController resources;
    private final LifecycleController lifecycle;
    private final PromotionController promotions;
    private final PackageController packages;

    public AccountPages(ResourceController resources, LifecycleController lifecycle, PromotionController promotions,
                        PackageController packages) {
        this.resources = resources;
        this.lifecycle = lifecycle;
        this.promotions = promotions;
        this.packages = packages;
    }

    @GetMapping("/resources")
    public String resources(Caller caller, @PathVariable String customerId,
                            @RequestParam(required = false) String cursor, Model model) {
        var page = resources.list(caller, customerId, cursor, 100);
        // the lifecycle states of the same resources: both lists run by resource id after the same cursor
        Map<String, ResourceLifecycle> states = lifecycle.list(caller, customerId, cursor, 500).items().stream()
                .collect(Collectors.toMap(ResourceLifecycle::resourceId, Function.identity(), (a, b) -> a));
        model.addAttribute("section", "resources");
        model.addAttribute("page", page);
        model.addAttribute("states", states);
        return "console/customer/resources";
    }

    @GetMapping("/coupons")
    public String coupons(Caller caller, @PathVariable String customerId, Model model) {
        model.addAttribute("section", "coupons");
        model.addAttribute("coupons", promotions.coupons(caller, customerId));
        return "console/customer/coupons";
    }

    @GetMapping("/packages")
    public String packages(Caller caller, @PathVariable String customerId, @RequestParam(required = false) String cursor,
                           Model model) {
        model.addAttribute("section", "packages");
        model.addAttribute("page", packages.list(caller, customerId, null, cursor, 100));
        return "console/customer/packages";
    }
}
