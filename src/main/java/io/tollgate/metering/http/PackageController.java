package io.tollgate.metering.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.metering.PackageService;
import io.tollgate.metering.PackageService.PackageBalance;
import io.tollgate.metering.ResourcePackage;
import io.tollgate.metering.core.Packages;
import io.tollgate.shared.Amounts;
import io.tollgate.shared.Page;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/customers/{customerId}/packages")
@Tag(name = "packages", description = "Resource packages: prepaid quotas of a meter consumed after the free quota and "
        + "before pay-per-use, the one expiring first first; monthly quotas renew without carry-over; not refundable")
public class PackageController {
    private final PackageService packages;

    public PackageController(PackageService packages) {
        this.packages = packages;
    }

    /**
     * A package and where it stands now. Quantities are in the meter's price units; {@code consumed}
     * and {@code remaining} are of the current period (a month from the start for MONTHLY, the
     * whole validity for TOTAL); an expired package has nothing remaining.
     */
    public record PackageView(String packageId, String customerId, String meter, String name, String quota,
                              ResourcePackage.Period period, Instant startsAt, Instant expiresAt, Instant grantedAt,
                              Packages.Status status, Instant periodStart, Instant periodEnd, String consumed,
                              String remaining, String consumedTotal, Source source) {
        static PackageView of(PackageBalance b) {
            ResourcePackage p = b.pkg();
            return new PackageView(p.id(), p.customerId(), p.meter(), p.name(), units(p.quota()), p.period(),
                    p.startsAt(), p.expiresAt(), p.grantedAt(), b.status(), b.periodStart(), b.periodEnd(),
                    units(b.consumed()), units(b.remaining()), units(b.consumedTotal()), Source.of(p.origin()));
        }

        /**
         * Where the package came from: {@code GRANTED_BY_OPERATOR} (no offer, no order) or
         * {@code BOUGHT} with the offer's code and the id of the order that paid for it.
         */
        public record Source(Kind kind, String offerCode, Long orderId) {
            public enum Kind { GRANTED_BY_OPERATOR, BOUGHT }

            static Source of(ResourcePackage.Origin o) {
                return o == null ? new Source(Kind.GRANTED_BY_OPERATOR, null, null)
                        : new Source(Kind.BOUGHT, o.offerCode(), o.orderId());
            }
        }

        private static String units(BigDecimal v) {
            return Amounts.format(Amounts.toUsageScale(v, RoundingMode.UNNECESSARY));
        }
    }

    @PostMapping
    @Operation(summary = "Grant a resource package to a customer (operator). The packageId makes the grant "
            + "idempotent: the same id and content return the package (200), other content is refused "
            + "(409 package-id-reused). quota is in the meter's price units; period MONTHLY (the quota renews "
            + "every month from startsAt, nothing carried over) or TOTAL; startsAt defaults to now and may not be "
            + "earlier; expiresAt at most three years later. A package cannot be revoked or refunded",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
            @ExampleObject(name = "100 GB-months of standard object storage a month for a year", value =
                    "{\"packageId\":\"pkg-acme-obs-2027\",\"meter\":\"obs.storage.standard\",\"name\":\"OBS standard "
                    + "100 GB\",\"quota\":\"100\",\"period\":\"MONTHLY\",\"startsAt\":\"2027-01-01T00:00:00+08:00\","
                    + "\"expiresAt\":\"2028-01-01T00:00:00+08:00\"}"))))
    public ResponseEntity<PackageView> grant(Caller caller, @PathVariable String customerId,
                                             @RequestBody PackageService.Grant grant) {
        caller.requireRole(Role.OPERATOR);
        PackageService.Granted g = packages.grant(customerId, grant);
        return ResponseEntity.status(g.replay() ? 200 : 201).body(PackageView.of(g.balance()));
    }

    @GetMapping
    @Operation(summary = "A customer's packages by id, granted or bought, with what is left of each now, optionally "
            + "of one meter. quota is the quantity (of each month for MONTHLY); consumed and remaining are of the "
            + "current period (this month's for MONTHLY); status NOT_YET_VALID, ACTIVE, USED_UP (nothing left this "
            + "period) or EXPIRED; source says GRANTED_BY_OPERATOR or BOUGHT with the offer and the order id",
            responses = @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", content =
            @Content(examples = @ExampleObject(name = "a bought package", value = "{\"items\":[{\"packageId\":"
                    + "\"pkg-2f0c\",\"customerId\":\"acme\",\"meter\":\"modelarts.vm.gpu.t4\",\"name\":\"T4 100 "
                    + "node-hours, 1 month\",\"quota\":\"100.0000000000\",\"period\":\"TOTAL\",\"startsAt\":"
                    + "\"2027-01-05T02:00:00Z\",\"expiresAt\":\"2027-02-05T02:00:00Z\",\"grantedAt\":"
                    + "\"2027-01-05T02:00:00Z\",\"status\":\"ACTIVE\",\"periodStart\":\"2027-01-05T02:00:00Z\","
                    + "\"periodEnd\":\"2027-02-05T02:00:00Z\",\"consumed\":\"40.0000000000\",\"remaining\":"
                    + "\"60.0000000000\",\"consumedTotal\":\"40.0000000000\",\"source\":{\"kind\":\"BOUGHT\","
                    + "\"offerCode\":\"pkg-t4-100h-1m\",\"orderId\":42}}],\"nextCursor\":null}"))))
    public Page<PackageView> list(Caller caller, @PathVariable String customerId,
                                  @RequestParam(required = false) String meter,
                                  @RequestParam(required = false) String cursor,
                                  @RequestParam(required = false) Integer limit) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        int size = Page.size(limit);
        List<PackageBalance> rows = packages.page(customerId, meter, Page.decode(cursor), size + 1);
        Page<PackageBalance> page = Page.of(rows, size, b -> b.pkg().id());
        return new Page<>(page.items().stream().map(PackageView::of).toList(), page.nextCursor());
    }
}
