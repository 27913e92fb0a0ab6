package io.tollgate.console.customer;

import io.tollgate.console.Actions;
import io.tollgate.customer.Caller;
import io.tollgate.subscription.SubscriptionService;
import io.tollgate.subscription.core.Term;
import io.tollgate.subscription.http.SubscriptionController;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Renewals: the yearly/monthly resources with their expiry; renew for a term, automatic renewal
 * on or off, the deduction day, and unsubscribe after seeing the refund it would give.
 */
@Controller
@RequestMapping("/console/customers/{customerId}/renewals")
public class RenewalsPage {
    private final SubscriptionController subscriptions;

    public RenewalsPage(SubscriptionController subscriptions) {
        this.subscriptions = subscriptions;
    }

    private static String back(String customerId) {
        return "/console/customers/" + customerId + "/renewals";
    }

    @GetMapping
    public String list(Caller caller, @PathVariable String customerId, @RequestParam(required = false) String cursor,
                       Model model) {
        model.addAttribute("section", "renewals");
        model.addAttribute("page", subscriptions.subscriptions(caller, customerId, cursor, 50));
        model.addAttribute("deductionDays", subscriptions.settings(caller, customerId).deductionDays());
        return "console/customer/renewals";
    }

    @PostMapping("/{resourceId}/renew")
    public String renew(Caller caller, @PathVariable String customerId, @PathVariable String resourceId,
                        @RequestParam Term.TermUnit unit, @RequestParam int count, @RequestParam String idempotencyKey,
                        RedirectAttributes flash) {
        return Actions.run(flash, back(customerId), () -> {
            var order = subscriptions.renew(caller, customerId, resourceId, idempotencyKey,
                    new SubscriptionController.RenewRequest(new SubscriptionService.TermRequest(unit, count))).getBody();
            return "Renewed " + resourceId + " until " + order.expiresAt() + ": order " + order.id() + ", paid "
                    + order.cashAmount().add(order.creditAmount()).add(order.couponAmount()).toPlainString() + " "
                    + order.currency() + ".";
        });
    }

    @PostMapping("/{resourceId}/auto-renew")
    public String autoRenew(Caller caller, @PathVariable String customerId, @PathVariable String resourceId,
                            @RequestParam boolean enabled, RedirectAttributes flash) {
        return Actions.run(flash, back(customerId), () -> {
            subscriptions.autoRenew(caller, customerId, resourceId, new SubscriptionController.Toggle(enabled));
            return "Automatic renewal of " + resourceId + " is " + (enabled ? "on" : "off") + ".";
        });
    }

    @PostMapping("/deduction-day")
    public String deductionDay(Caller caller, @PathVariable String customerId, @RequestParam Integer deductionDays,
                               RedirectAttributes flash) {
        return Actions.run(flash, back(customerId), () -> {
            subscriptions.setSettings(caller, customerId, new SubscriptionController.DeductionDay(deductionDays));
            return "Automatic renewals are charged " + deductionDays + " days before expiry.";
        });
    }

    /** The refund shown before the customer confirms; nothing changes yet. */
    @GetMapping("/{resourceId}/unsubscribe")
    public String unsubscribePreview(Caller caller, @PathVariable String customerId, @PathVariable String resourceId,
                                     Model model) {
        model.addAttribute("section", "renewals");
        model.addAttribute("subscription", subscriptions.subscription(caller, customerId, resourceId));
        model.addAttribute("preview", subscriptions.unsubscribePreview(caller, customerId, resourceId));
        return "console/customer/unsubscribe";
    }

    @PostMapping("/{resourceId}/unsubscribe")
    public String unsubscribe(Caller caller, @PathVariable String customerId, @PathVariable String resourceId,
                              @RequestParam String idempotencyKey, RedirectAttributes flash) {
        return Actions.run(flash, back(customerId), () -> {
            var order = subscriptions.unsubscribe(caller, customerId, resourceId, idempotencyKey).getBody();
            return "Unsubscribed " + resourceId + ": refunded " + order.refundAmount().toPlainString() + " "
                    + order.currency() + " (order " + order.id() + ").";
        });
    }
}
