package io.tollgate.console;

import io.tollgate.customer.Role;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The way in: the sign-in page, and {@code /} and {@code /console} sending each user to their start page. */
@Controller
public class HomeController {

    @GetMapping("/login")
    public String login() {
        return "console/login";
    }

    @GetMapping({"/", "/console"})
    public String home(@AuthenticationPrincipal ConsolePrincipal me) {
        return me.user().role() == Role.OPERATOR ? "redirect:/console/operator"
                : "redirect:/console/customers/" + me.user().customerId() + "/overview";
    }
}
