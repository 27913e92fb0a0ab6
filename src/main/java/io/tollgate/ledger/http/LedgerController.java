package io.tollgate.ledger.http;

import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.ledger.Balance;
import io.tollgate.ledger.LedgerService;
import io.tollgate.shared.Amounts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/customers/{customerId}")
@Tag(name = "balances", description = "Balances and top-ups")
public class LedgerController {
    private final LedgerService ledger;

    public LedgerController(LedgerService ledger) {
        this.ledger = ledger;
    }

    public record BalanceView(String customerId, String currency, String cash, String arrears, boolean inArrears,
                              String creditUsed, String creditLimit) {
        static BalanceView of(Balance b) {
            return new BalanceView(b.customerId(), b.currency(), Amounts.format(b.cash()), Amounts.format(b.arrears()),
                    b.inArrears(), Amounts.format(b.creditUsed()), Amounts.format(b.creditLimit()));
        }
    }

    public record CreditLimitRequest(String creditLimit) {
    }

    @org.springframework.web.bind.annotation.PutMapping("/credit-limit")
    @Operation(summary = "Set the customer's credit limit (operator): orders draw on credit once cash runs out")
    public BalanceView setCreditLimit(Caller caller, @PathVariable String customerId, @RequestBody CreditLimitRequest r) {
        caller.requireRole(Role.OPERATOR);
        ledger.setCreditLimit(customerId, r.creditLimit());
        return BalanceView.of(ledger.balance(customerId));
    }

    @GetMapping("/balance")
    @Operation(summary = "Cash and arrears")
    public BalanceView balance(Caller caller, @PathVariable String customerId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return BalanceView.of(ledger.balance(customerId));
    }
}
