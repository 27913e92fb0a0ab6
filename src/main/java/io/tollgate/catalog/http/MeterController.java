package io.tollgate.catalog.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.catalog.Meter;
import io.tollgate.catalog.MeterPrice;
import io.tollgate.catalog.MeterService;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/catalog")
@Tag(name = "meters", description = "Usage meters and their prices: flat, graduated or volume tiers, free quota")
public class MeterController {
    private final MeterService meters;

    public MeterController(MeterService meters) {
        this.meters = meters;
    }

    @GetMapping("/meters")
    @Operation(summary = "List usage meters")
    public List<Meter> meters(Caller caller) {
        return meters.meters();
    }

    @PostMapping("/meters")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Define a usage meter of a resource type (operator)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
            @ExampleObject(name = "object storage in GB-months", value = "{\"code\":\"obs.storage.standard\","
                    + "\"resourceType\":\"obs.bucket\",\"name\":\"Standard storage\",\"quantityUnit\":\"GB\","
                    + "\"priceUnit\":\"GB-month\",\"measure\":\"QUANTITY_TIME\",\"periodSeconds\":2628000,"
                    + "\"unitSize\":\"1\"}"))))
    public Meter define(Caller caller, @RequestBody Meter meter) {
        caller.requireRole(Role.OPERATOR);
        return meters.define(meter);
    }

    @GetMapping("/meters/{code}/prices")
    @Operation(summary = "All price versions of a meter")
    public List<MeterPrice> prices(Caller caller, @PathVariable String code) {
        return meters.prices(code);
    }

    @PostMapping("/meter-prices")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Publish a meter price version (operator): FLAT, GRADUATED or VOLUME tiers (upTo in price "
            + "units per month, the last open), and a monthly free quota: freeQuotaBasis PRICE_UNITS (default, "
            + "price units a month) or STORED_QUANTITY (time-based meters: a quantity stored all month for free, "
            + "freeQuota x the month's seconds / periodSeconds price units)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
            @ExampleObject(name = "log volume with 500 MB free", value = "{\"meterCode\":\"lts.readwrite\","
                    + "\"region\":\"cn-north-4\",\"currency\":\"CNY\",\"model\":\"FLAT\",\"tiers\":[{\"unitPrice\":"
                    + "\"0.35\"}],\"freeQuota\":\"0.5\"}"))))
    public MeterPrice publish(Caller caller, @RequestBody MeterService.PriceDraft draft) {
        caller.requireRole(Role.OPERATOR);
        return meters.publish(draft);
    }
}
