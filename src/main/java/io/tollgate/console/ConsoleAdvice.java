package io.tollgate.console;

import io.tollgate.customer.Caller;
import io.tollgate.customer.CustomerService;
import io.tollgate.customer.Role;
import io.tollgate.shared.Failure;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * What every console page knows (who is signed in, demo mode, a fresh idempotency key for its
 * forms) and how a refused or failed page is shown: the API's stable code and message on a page
 * that says what to do, with the HTTP status of the API.
 */
@ControllerAdvice(basePackages = "io.tollgate.console")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConsoleAdvice {
    private final boolean demo;
    private final CustomerService customers;

    private final io.tollgate.clock.ClockService clocks;

    public ConsoleAdvice(@Value("${tollgate.demo.enabled:false}") boolean demo, CustomerService customers,
                         io.tollgate.clock.ClockService clocks) {
        this.demo = demo;
        this.customers = customers;
        this.clocks = clocks;
    }

    /**
     * On a customer's pages ({@code /console/customers/{customerId}/...}) the signed-in user must
     * be allowed to read that customer, as with an API key; a foreign customer's page is refused
     * before anything of it is read.
     */
    @ModelAttribute
    public void common(@AuthenticationPrincipal ConsolePrincipal me,
                       @PathVariable(name = "customerId", required = false) String customerId,
                       HttpServletRequest request, Model model) {
        // the operator's pages: refused to every other role before anything is read
        if (me != null && request.getRequestURI().startsWith(request.getContextPath() + "/console/operator")) {
            me.caller().requireRole(Role.OPERATOR);
        }
        if (me != null && customerId != null) {
            me.caller().requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
            model.addAttribute("customer", customers.customer(customerId));
        }
        user(me, model);
        model.addAttribute("idempotencyKey", "console-" + UUID.randomUUID());
    }

    @ExceptionHandler(Failure.class)
    public String failure(Failure f, HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setStatus(f.status());
        return error(model, f.status(), f.code(), f.getMessage(), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public String badParameter(MethodArgumentTypeMismatchException e, HttpServletRequest request,
                               HttpServletResponse response, Model model) {
        response.setStatus(400);
        return error(model, 400, "invalid-parameter", e.getName() + " has an invalid value", request);
    }

    private void user(ConsolePrincipal me, Model model) {
        model.addAttribute("demo", demo);
        model.addAttribute("clockMovable", clocks.movable());
        if (me != null) {
            model.addAttribute("me", me.user());
            model.addAttribute("operator", me.user().role() == Role.OPERATOR);
            model.addAttribute("admin", me.user().role() == Role.CUSTOMER_ADMIN || me.user().role() == Role.OPERATOR);
        }
    }

    private String error(Model model, int status, String code, String detail, HttpServletRequest request) {
        var auth = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
        user(auth != null && auth.getPrincipal() instanceof ConsolePrincipal p ? p : null, model);
        Object caller = request.getAttribute(io.tollgate.web.ApiKeyFilter.CALLER);
        model.addAttribute("status", status);
        model.addAttribute("code", code);
        model.addAttribute("detail", detail);
        model.addAttribute("hint", switch (status) {
            case 403 -> "You are signed in as a user who may not open this page. Go back to your own pages"
                    + (caller instanceof Caller c && c.customerId() != null ? " of " + c.customerId() : "") + ".";
            case 404 -> "Nothing by that name exists. Check the link, or start again from the overview.";
            case 409, 422 -> "The request was understood but cannot be done now. Read the reason above.";
            default -> "Correct the value the reason names and try again.";
        });
        return "console/error";
    }
}
