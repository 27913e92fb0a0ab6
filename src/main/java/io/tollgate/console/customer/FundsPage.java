package io.tollgate.console.customer;

import io.tollgate.console.Actions;
import io.tollgate.customer.Caller;
import io.tollgate.funds.TopUpController;
import io.tollgate.ledger.http.LedgerController;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Funds: cash, arrears and credit, and a top-up (arrears first, then credit used, then cash). */
@Controller
@RequestMapping("/console/customers/{customerId}/funds")
public class FundsPage {
    private final LedgerController ledger;
    private final TopUpController topUps;

    public FundsPage(LedgerController ledger, TopUpController topUps) {
        this.ledger = ledger;
        this.topUps = topUps;
    }

    @GetMapping
    public String funds(Caller caller, @PathVariable String customerId, Model model) {
        model.addAttribute("section", "funds");
        model.addAttribute("balance", ledger.balance(caller, customerId));
        return "console/customer/funds";
    }

    /** The form's idempotency key makes a repeated submission the same top-up (the API's 200 replay). */
    @PostMapping("/top-up")
    public String topUp(Caller caller, @PathVariable String customerId, @RequestParam String amount,
                        @RequestParam String idempotencyKey, RedirectAttributes flash) {
        return Actions.run(flash, "/console/customers/" + customerId + "/funds", () -> {
            var t = topUps.topUp(caller, customerId, idempotencyKey, new TopUpController.TopUpRequest(amount.strip()))
                    .getBody();
            return "Topped up " + t.amount() + " " + t.currency() + ": " + t.paidArrears() + " paid arrears, "
                    + t.repaidCredit() + " repaid credit, " + t.toCash() + " to cash.";
        });
    }
}
