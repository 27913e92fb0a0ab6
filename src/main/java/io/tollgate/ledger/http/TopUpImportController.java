package io.tollgate.ledger.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.ledger.TopUpImport;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/top-ups")
@Tag(name = "balances")
public class TopUpImportController {
    private final TopUpImport imports;

    public TopUpImportController(TopUpImport imports) {
        this.imports = imports;
    }

    public record ImportRequest(List<TopUpImport.Item> items) {
    }

    public record ImportResult(int applied, int replayed, int refused, List<TopUpImport.Fate> results) {
    }

    @PostMapping("/batch")
    @Operation(summary = "Record up to 1,000 payments received as top-ups (operator), e.g. a bank statement: each "
            + "item has its own Idempotency key (APPLIED, REPLAYED for a key seen with the same amount, or REFUSED "
            + "with a code); arrears are paid first, then credit used, then cash")
    public ImportResult importTopUps(Caller caller, @RequestBody ImportRequest r) {
        caller.requireRole(Role.OPERATOR);
        List<TopUpImport.Fate> fates = imports.apply(r.items());
        int applied = (int) fates.stream().filter(f -> f.status().equals("APPLIED")).count();
        int replayed = (int) fates.stream().filter(f -> f.status().equals("REPLAYED")).count();
        return new ImportResult(applied, replayed, fates.size() - applied - replayed, fates);
    }
}
