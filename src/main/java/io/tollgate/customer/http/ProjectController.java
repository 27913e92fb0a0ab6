package io.tollgate.customer.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.customer.Caller;
import io.tollgate.customer.ProjectService;
import io.tollgate.customer.Role;
import io.tollgate.customer.store.ProjectStore;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/customers/{customerId}/enterprise-projects")
@Tag(name = "customers", description = "Customers, their keys and enterprise projects")
public class ProjectController {
    private final ProjectService projects;

    public ProjectController(ProjectService projects) {
        this.projects = projects;
    }

    public record ProjectRequest(String name, String description) {
    }

    @PostMapping
    @Operation(summary = "Create an enterprise project (customer admin); resources move to it, costs group by it",
            requestBody = @RequestBody(content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = "{\"name\":\"vision\",\"description\":\"Computer vision team\"}"))))
    public ResponseEntity<ProjectStore.Project> create(Caller caller, @PathVariable String customerId,
                                                       @org.springframework.web.bind.annotation.RequestBody
                                                       ProjectRequest r) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN);
        return ResponseEntity.status(201).body(projects.create(customerId, r == null ? null : r.name(),
                r == null ? null : r.description()));
    }

    @GetMapping
    @Operation(summary = "The customer's enterprise projects: default first, then those created or named by the "
            + "platform for its resources")
    public List<ProjectStore.Project> list(Caller caller, @PathVariable String customerId) {
        caller.requireCustomer(customerId, Role.CUSTOMER_ADMIN, Role.CUSTOMER_FINANCE);
        return projects.list(customerId);
    }
}
