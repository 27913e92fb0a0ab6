package io.tollgate.console.operator;

import io.tollgate.console.Actions;
import io.tollgate.customer.Caller;
import io.tollgate.customer.http.CustomerController;
import io.tollgate.ledger.http.LedgerController;
import io.tollgate.promotion.PromotionAdmin;
import io.tollgate.promotion.http.PromotionController;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator's start page: the customers a page at a time, creating one, and each customer's
 * commercial settings (level, credit limit, discounts), all through the API's controllers.
 */
@Controller
@RequestMapping("/console/operator")
public class CustomersPage {
    private final CustomerController customers;
    private final LedgerController ledger;
    private final PromotionController promotions;
    private final java.time.Clock clock;

    public CustomersPage(CustomerController customers, LedgerController ledger, PromotionController promotions,
                         java.time.Clock clock) {
        this.customers = customers;
        this.ledger = ledger;
        this.promotions = promotions;
        this.clock = clock;
    }

    @GetMapping
    public String customers(Caller caller, @RequestParam(required = false) String cursor, Model model) {
        model.addAttribute("section", "op-customers");
        model.addAttribute("page", customers.list(caller, cursor, 50));
        return "console/operator/customers";
    }

    @PostMapping("/customers")
    public String create(Caller caller, @RequestParam String id, @RequestParam(required = false) String name,
                         @RequestParam String currency, @RequestParam(required = false) String level,
                         RedirectAttributes flash) {
        return Actions.run(flash, "/console/operator/customers/" + id.strip(), "/console/operator", () -> {
            var c = customers.create(caller, new CustomerController.CustomerRequest(id.strip(), blank(name),
                    currency.strip().toUpperCase(), blank(level)));
            return "Customer " + c.id() + " created at level " + c.level() + ".";
        });
    }

    @GetMapping("/customers/{customerId}")
    public String customer(Caller caller, @PathVariable String customerId, Model model) {
        model.addAttribute("section", "op-customers");
        model.addAttribute("balance", ledger.balance(caller, customerId));
        model.addAttribute("discounts", promotions.discounts(caller, customerId));
        model.addAttribute("today", LocalDate.now(clock));
        return "console/operator/customer";
    }

    @PostMapping("/customers/{customerId}/level")
    public String level(Caller caller, @PathVariable String customerId, @RequestParam String level,
                        RedirectAttributes flash) {
        return Actions.run(flash, back(customerId), () -> "Level set to "
                + customers.setLevel(caller, customerId, new CustomerController.LevelRequest(level.strip())).level() + ".");
    }

    @PostMapping("/customers/{customerId}/credit-limit")
    public String creditLimit(Caller caller, @PathVariable String customerId, @RequestParam String creditLimit,
                              RedirectAttributes flash) {
        return Actions.run(flash, back(customerId), () -> {
            var b = ledger.setCreditLimit(caller, customerId, new LedgerController.CreditLimitRequest(creditLimit.strip()));
            return "Credit limit set to " + b.creditLimit() + " " + b.currency() + ".";
        });
    }

    /** A discount valid from the start of {@code from} to the start of {@code until} (exclusive), days in the billing zone. */
    @PostMapping("/customers/{customerId}/discounts")
    public String discount(Caller caller, @PathVariable String customerId, @RequestParam String percent,
                           @RequestParam(required = false) String serviceType,
                           @RequestParam(required = false) String billingMode, @RequestParam String from,
                           @RequestParam(required = false) String until, RedirectAttributes flash) {
        return Actions.run(flash, back(customerId), () -> {
            var d = promotions.createDiscount(caller, customerId, new PromotionAdmin.DiscountRequest(percent.strip(),
                    blank(serviceType), blank(billingMode), startOf(from), until == null || until.isBlank() ? null
                    : startOf(until))).getBody();
            return "Discount of " + d.percent() + "% created.";
        });
    }

    @PostMapping("/customers/{customerId}/discounts/{discountId}/end")
    public String endDiscount(Caller caller, @PathVariable String customerId, @PathVariable long discountId,
                              RedirectAttributes flash) {
        return Actions.run(flash, back(customerId), () -> {
            promotions.endDiscount(caller, customerId, discountId);
            return "Discount " + discountId + " ended; what was billed before keeps it.";
        });
    }

    private Instant startOf(String day) {
        try {
            return LocalDate.parse(day.strip()).atStartOfDay(zone()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw io.tollgate.shared.Failure.invalid("invalid-date", "a day is written 2030-01-31, not '" + day + "'");
        }
    }

    private ZoneId zone() {
        return clock.getZone();
    }

    private static String back(String customerId) {
        return "/console/operator/customers/" + customerId;
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
