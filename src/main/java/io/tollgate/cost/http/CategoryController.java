package io.tollgate.cost.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.cost.CategoryService;
import io.tollgate.cost.CostCategory;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/customers/{customerId}/cost-categories")
@Tag(name = "cost centre", description = "Cost analysis, forecasts, budgets, anomalies and advice")
public class CategoryController {
    private static final String EXAMPLE = "{\"rules\":[{\"value\":\"vision\",\"dimension\":\"tag:team\","
            + "\"values\":[\"cv\",\"vision\"]},{\"value\":\"platform\",\"dimension\":\"enterpriseProject\","
            + "\"values\":[\"default\"]}],\"defaultValue\":\"unallocated\"}";
    private final CategoryService categories;

    public CategoryController(CategoryService categories) {
        this.categories = categories;
    }

    @PutMapping("/{name}")
    @Operation(summary = "Create or replace a cost category: ordered rules (the first match wins) mapping a dimension's "
            + "values to a category value; the rest takes defaultValue (\"unallocated\"). Ask the analysis with "
            + "groupBy=category:<name> or filter=category:<name>=<value> (docs/cost.md)",
            requestBody = @RequestBody(content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = EXAMPLE))))
    public CostCategory save(Caller caller, @PathVariable String customerId, @PathVariable String name,
                             @org.springframework.web.bind.annotation.RequestBody CategoryService.CategoryRequest r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return categories.save(customerId, name, r);
    }

    @GetMapping
    @Operation(summary = "The customer's cost categories")
    public List<CostCategory> list(Caller caller, @PathVariable String customerId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return categories.list(customerId);
    }

    @DeleteMapping("/{name}")
    @Operation(summary = "Delete a cost category")
    public ResponseEntity<Void> delete(Caller caller, @PathVariable String customerId, @PathVariable String name) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        categories.delete(customerId, name);
        return ResponseEntity.noContent().build();
    }
}
