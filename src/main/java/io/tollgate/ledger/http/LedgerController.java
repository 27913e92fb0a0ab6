package io.tollgate.ledger.http;

import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.ledger.Balance;
import io.tollgate.ledger.LedgerService;
import io.tollgate.ledger.TopUpResult;
import io.tollgate.shared.Amounts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
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

    /** The amount is a decimal string with at most two decimals, e.g. "100.00". */
    public record TopUpRequest(String amount) {
    }

    public record TopUpView(long transactionId, String customerId, String currency, String amount, String paidArrears,
                            String repaidCredit, String toCash, Instant businessTime) {
    }

    @GetMapping("/balance")
    @Operation(summary = "Cash and arrears")
    public BalanceView balance(Caller caller, @PathVariable String customerId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return BalanceView.of(ledger.balance(customerId));
    }

    @PostMapping("/top-ups")
    @Operation(summary = "Top up the cash balance (operator or customer admin); arrears are paid first. "
            + "Needs an Idempotency-Key: the same key and body return the first result, another body gets 409")
    public ResponseEntity<TopUpView> topUp(Caller caller, @PathVariable String customerId,
                                           @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                           @RequestBody TopUpRequest r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        TopUpResult t = ledger.topUp(customerId, r.amount(), key);
        TopUpView view = new TopUpView(t.entryId(), t.customerId(), t.currency(), Amounts.format(t.amount()),
                Amounts.format(t.toArrears()), Amounts.format(t.toCredit()), Amounts.format(t.toCash()), t.businessTime());
        return ResponseEntity.status(t.replay() ? 200 : 201).body(view);
    }
}
