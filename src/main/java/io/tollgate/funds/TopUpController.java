package io.tollgate.funds;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.ledger.TopUpResult;
import io.tollgate.shared.Amounts;
import java.time.Instant;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/customers/{customerId}")
@Tag(name = "balances", description = "Balances and top-ups")
public class TopUpController {
    private final TopUps topUps;

    public TopUpController(TopUps topUps) {
        this.topUps = topUps;
    }

    /** The amount is a decimal string with at most two decimals, e.g. "100.00". */
    public record TopUpRequest(String amount) {
    }

    public record TopUpView(long transactionId, String customerId, String currency, String amount, String paidArrears,
                            String repaidCredit, String toCash, Instant businessTime) {
    }

    @PostMapping("/top-ups")
    @Operation(summary = "Top up the cash balance (operator or customer admin); arrears are paid first, then credit "
            + "used, then cash, and resources held for arrears paid off are restored. Needs an Idempotency-Key: the "
            + "same key and body return the first result, another body gets 409")
    public ResponseEntity<TopUpView> topUp(Caller caller, @PathVariable String customerId,
                                           @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                           @RequestBody TopUpRequest r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        TopUpResult t = topUps.topUp(customerId, r.amount(), key);
        TopUpView view = new TopUpView(t.entryId(), t.customerId(), t.currency(), Amounts.format(t.amount()),
                Amounts.format(t.toArrears()), Amounts.format(t.toCredit()), Amounts.format(t.toCash()), t.businessTime());
        return ResponseEntity.status(t.replay() ? 200 : 201).body(view);
    }
}
