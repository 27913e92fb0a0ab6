package io.tollgate.bss.api;

import io.tollgate.customer.Caller;
import io.tollgate.ledger.http.LedgerController;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** ShowCustomerAccountBalances: the key's customer's cash, credit and arrears. */
@RestController
@io.swagger.v3.oas.annotations.Hidden
public class BssAccountController {
    private final LedgerController ledger;

    public BssAccountController(LedgerController ledger) {
        this.ledger = ledger;
    }

    record AccountBalance(String accountId, Integer accountType, BigDecimal amount, String currency,
                          BigDecimal designatedAmount, BigDecimal creditAmount, Integer measureId) {
    }

    record Balances(List<AccountBalance> accountBalances, BigDecimal debtAmount, Integer measureId, String currency) {
    }

    /** Cash (type 1) and credit (type 2: what is left of the line, with the line as credit_amount); arrears as debt. */
    @GetMapping("/v2/accounts/customer-accounts/balances")
    public ResponseEntity<String> balances(Caller caller) {
        var b = ledger.balance(caller, caller.customerId());
        BigDecimal limit = new BigDecimal(b.creditLimit());
        BigDecimal used = new BigDecimal(b.creditUsed());
        return BssJson.ok(new Balances(List.of(
                new AccountBalance(b.customerId() + "-cash", 1, new BigDecimal(b.cash()), b.currency(), BigDecimal.ZERO,
                        null, 1),
                new AccountBalance(b.customerId() + "-credit", 2, limit.subtract(used), b.currency(), BigDecimal.ZERO,
                        limit, 1)),
                new BigDecimal(b.arrears()).abs(), 1, b.currency()));
    }
}
