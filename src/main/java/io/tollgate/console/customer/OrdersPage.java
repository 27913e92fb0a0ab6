package io.tollgate.console.customer;

import io.tollgate.console.Actions;
import io.tollgate.customer.Caller;
import io.tollgate.subscription.http.SubscriptionController;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Orders: the order history by status, and pay or cancel those pending payment. */
@Controller
@RequestMapping("/console/customers/{customerId}/orders")
public class OrdersPage {
    private final SubscriptionController subscriptions;

    public OrdersPage(SubscriptionController subscriptions) {
        this.subscriptions = subscriptions;
    }

    @GetMapping
    public String orders(Caller caller, @PathVariable String customerId, @RequestParam(required = false) String status,
                         @RequestParam(required = false) String cursor, Model model) {
        model.addAttribute("section", "orders");
        model.addAttribute("status", status);
        model.addAttribute("page", subscriptions.orders(caller, customerId, null,
                status == null || status.isBlank() ? null : status, cursor, 50));
        return "console/customer/orders";
    }

    @PostMapping("/{orderId}/pay")
    public String pay(Caller caller, @PathVariable String customerId, @PathVariable long orderId,
                      RedirectAttributes flash) {
        return Actions.run(flash, "/console/customers/" + customerId + "/orders", () -> {
            var o = subscriptions.pay(caller, customerId, orderId).getBody();
            return "Order " + orderId + " is " + o.status() + ".";
        });
    }

    @PostMapping("/{orderId}/cancel")
    public String cancel(Caller caller, @PathVariable String customerId, @PathVariable long orderId,
                         RedirectAttributes flash) {
        return Actions.run(flash, "/console/customers/" + customerId + "/orders", () -> {
            subscriptions.cancel(caller, customerId, orderId);
            return "Order " + orderId + " is cancelled.";
        });
    }
}
