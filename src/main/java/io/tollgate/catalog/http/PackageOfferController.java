package io.tollgate.catalog.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.catalog.PackageOffer;
import io.tollgate.catalog.PackageOfferService;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Page;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/catalog/package-offers")
@Tag(name = "package offers", description = "Resource packages for sale: the operator's offers (a quota of a meter "
        + "or of a compute spec's node-hours, a validity in months, MONTHLY or TOTAL, a price); customers buy them "
        + "through POST /api/v1/customers/{customerId}/package-orders")
public class PackageOfferController {
    private static final String OFFER_EXAMPLE = "{\"code\":\"pkg-t4-100h-1m\",\"name\":\"T4 100 node-hours, 1 month\","
            + "\"quota\":{\"covers\":\"modelarts.vm.gpu.t4\",\"coverKind\":\"COMPUTE_SPEC\",\"serviceType\":\"modelarts\","
            + "\"quantity\":\"100.0000000000\",\"period\":\"TOTAL\"},\"validityMonths\":1,\"sale\":{\"price\":\"599.00\","
            + "\"currency\":\"CNY\",\"region\":null,\"sellableFrom\":\"2027-01-01T00:00:00Z\",\"sellableUntil\":null},"
            + "\"status\":\"ON_SALE\",\"createdAt\":\"2027-01-01T00:00:00Z\",\"withdrawnAt\":null}";
    private static final String PAGE_EXAMPLE = "{\"items\":[" + OFFER_EXAMPLE + "],\"nextCursor\":null}";

    private final PackageOfferService offers;

    public PackageOfferController(PackageOfferService offers) {
        this.offers = offers;
    }

    @PostMapping
    @Operation(summary = "Create a package offer (operator). The code makes it idempotent: the same code and content "
            + "return the offer (200), other content is refused (409 offer-code-reused): an offer is never changed, "
            + "withdraw it and create another. covers is a usage meter code (quantity in its price units) or a compute "
            + "spec code (quantity in node-hours); period MONTHLY (the quantity is given afresh every month from the "
            + "package's start) or TOTAL; validityMonths 1 to 36; price above zero at the cent; region optional (sold "
            + "in every region); sellableFrom defaults to now, sellableUntil to no end. 400 invalid-quantity, "
            + "invalid-price, invalid-validity, invalid-currency, invalid-region; 422 unknown-meter",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
                    @ExampleObject(name = "100 T4 node-hours for a month", value = "{\"code\":\"pkg-t4-100h-1m\","
                            + "\"name\":\"T4 100 node-hours, 1 month\",\"covers\":\"modelarts.vm.gpu.t4\","
                            + "\"quantity\":\"100\",\"period\":\"TOTAL\",\"validityMonths\":1,\"price\":\"599.00\","
                            + "\"currency\":\"CNY\"}"),
                    @ExampleObject(name = "100 GB-months of OBS standard storage a month for a year", value =
                            "{\"code\":\"pkg-obs-100gb-1y\",\"name\":\"OBS standard 100 GB, 1 year\","
                                    + "\"covers\":\"obs.storage.standard\",\"quantity\":\"100\",\"period\":\"MONTHLY\","
                                    + "\"validityMonths\":12,\"price\":\"99.00\",\"currency\":\"CNY\","
                                    + "\"region\":\"cn-north-4\",\"sellableUntil\":\"2028-01-01T00:00:00+08:00\"}")})),
            responses = @ApiResponse(responseCode = "201", content = @Content(examples =
            @ExampleObject(name = "the offer", value = OFFER_EXAMPLE))))
    public ResponseEntity<PackageOffer> create(Caller caller, @RequestBody PackageOfferService.OfferDraft draft) {
        caller.requireRole(Role.OPERATOR);
        PackageOfferService.Created c = offers.create(draft);
        return ResponseEntity.status(c.replay() ? 200 : 201).body(c.offer());
    }

    @GetMapping
    @Operation(summary = "Every package offer by code, optionally of one status ON_SALE or WITHDRAWN (operator)",
            responses = @ApiResponse(responseCode = "200", content = @Content(examples =
            @ExampleObject(name = "one offer", value = PAGE_EXAMPLE))))
    public Page<PackageOffer> list(Caller caller, @RequestParam(required = false) String status,
                                   @RequestParam(required = false) String cursor,
                                   @RequestParam(required = false) Integer limit) {
        caller.requireRole(Role.OPERATOR);
        int size = Page.size(limit);
        return Page.of(offers.page(status(status), Page.decode(cursor), size + 1), size, PackageOffer::code);
    }

    @GetMapping("/on-sale")
    @Operation(summary = "The package offers a customer can buy now (on sale, inside their sale period), by code",
            responses = @ApiResponse(responseCode = "200", content = @Content(examples =
            @ExampleObject(name = "one offer", value = PAGE_EXAMPLE))))
    public Page<PackageOffer> onSale(Caller caller, @RequestParam(required = false) String cursor,
                                     @RequestParam(required = false) Integer limit) {
        int size = Page.size(limit);
        return Page.of(offers.onSale(Page.decode(cursor), size + 1), size, PackageOffer::code);
    }

    @GetMapping("/{code}")
    @Operation(summary = "One package offer, on sale or withdrawn", responses = @ApiResponse(responseCode = "200",
            content = @Content(examples = @ExampleObject(name = "the offer", value = OFFER_EXAMPLE))))
    public PackageOffer offer(Caller caller, @PathVariable String code) {
        return offers.offer(code);
    }

    @PostMapping("/{code}/withdraw")
    @Operation(summary = "Withdraw a package offer (operator): it can no longer be bought; packages sold from it keep "
            + "their quota and validity. Withdrawing a withdrawn offer answers it as it is",
            responses = @ApiResponse(responseCode = "200", content = @Content(examples =
            @ExampleObject(name = "withdrawn", value = "{\"code\":\"pkg-t4-100h-1m\",\"status\":\"WITHDRAWN\","
                    + "\"withdrawnAt\":\"2027-03-01T00:00:00Z\"}"))))
    public PackageOffer withdraw(Caller caller, @PathVariable String code) {
        caller.requireRole(Role.OPERATOR);
        return offers.withdraw(code);
    }

    private static PackageOffer.Status status(String status) {
        if (status == null) {
            return null;
        }
        try {
            return PackageOffer.Status.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw Failure.invalid("invalid-parameter", "status is ON_SALE or WITHDRAWN");
        }
    }
}
