package io.tollgate.console.customer;

import io.tollgate.console.Actions;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.customer.http.CustomerController;
import io.tollgate.messaging.http.MessagingController;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings: notification contacts with the types they receive, and API keys (create, shown once; revoke). */
@Controller
@RequestMapping("/console/customers/{customerId}")
public class SettingsPages {
    private final MessagingController messaging;
    private final CustomerController customers;

    public SettingsPages(MessagingController messaging, CustomerController customers) {
        this.messaging = messaging;
        this.customers = customers;
    }

    @GetMapping("/notifications")
    public String notifications(Caller caller, @PathVariable String customerId, Model model) {
        model.addAttribute("section", "notifications");
        model.addAttribute("contacts", messaging.contacts(caller, customerId));
        model.addAttribute("types", messaging.types(caller));
        return "console/customer/notifications";
    }

    @PostMapping("/notifications")
    public String addContact(Caller caller, @PathVariable String customerId, @RequestParam String channel,
                             @RequestParam String address, @RequestParam(defaultValue = "en") String language,
                             @RequestParam(required = false) List<String> types, RedirectAttributes flash) {
        return Actions.run(flash, "/console/customers/" + customerId + "/notifications", () -> {
            var c = messaging.add(caller, customerId, new MessagingController.ContactRequest(channel, address.strip(),
                    language, types == null || types.isEmpty() ? null : types));
            return "Added " + c.channel().toLowerCase() + " contact " + c.address() + ".";
        });
    }

    @PostMapping("/notifications/{contactId}/delete")
    public String deleteContact(Caller caller, @PathVariable String customerId, @PathVariable long contactId,
                                RedirectAttributes flash) {
        return Actions.run(flash, "/console/customers/" + customerId + "/notifications", () -> {
            messaging.delete(caller, customerId, contactId);
            return "Contact removed.";
        });
    }

    @GetMapping("/api-keys")
    public String keys(Caller caller, @PathVariable String customerId, Model model) {
        model.addAttribute("section", "api-keys");
        model.addAttribute("keys", customers.customerKeys(caller, customerId));
        return "console/customer/api-keys";
    }

    /** The new key is shown once, on the page the action returns to, and stored only as a hash. */
    @PostMapping("/api-keys")
    public String createKey(Caller caller, @PathVariable String customerId, @RequestParam Role role,
                            @RequestParam(required = false) String label, RedirectAttributes flash) {
        String back = "/console/customers/" + customerId + "/api-keys";
        return Actions.run(flash, back, () -> {
            var k = customers.issueCustomerKey(caller, customerId, new CustomerController.KeyRequest(role,
                    label == null || label.isBlank() ? null : label.strip(), null));
            flash.addFlashAttribute("newKey", k.key());
            return "Key " + k.prefix() + "… created. Copy it now: it is not shown again.";
        });
    }

    @PostMapping("/api-keys/{keyId}/revoke")
    public String revokeKey(Caller caller, @PathVariable String customerId, @PathVariable long keyId,
                            RedirectAttributes flash) {
        return Actions.run(flash, "/console/customers/" + customerId + "/api-keys", () -> {
            customers.revokeCustomerKey(caller, customerId, keyId);
            return "Key " + keyId + " revoked: it stops working at once.";
        });
    }
}
