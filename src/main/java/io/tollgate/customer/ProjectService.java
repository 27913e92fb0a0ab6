package io.tollgate.customer;

import io.tollgate.customer.store.ProjectStore;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Text;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A customer's enterprise projects (docs/cost.md): created by the customer, or registered when the
 * platform first names one in a resource event; {@link #DEFAULT} always exists. A resource belongs
 * to one and may move to another; its fee lines keep the project they were billed to.
 */
@Service
public class ProjectService {
    public static final String DEFAULT = "default";
    static final int MAX_PROJECTS = 1_000;
    private final ProjectStore store;
    private final CustomerService customers;
    private final Clock clock;

    ProjectService(ProjectStore store, CustomerService customers, Clock clock) {
        this.store = store;
        this.customers = customers;
        this.clock = clock;
    }

    @Transactional
    public ProjectStore.Project create(String customerId, String name, String description) {
        customers.customer(customerId);
        check(name);
        if (description != null) {
            Text.requireClean("description", description);
            if (description.length() > 256) {
                throw Failure.invalid("invalid-description", "a description has at most 256 characters");
            }
        }
        if (DEFAULT.equals(name) || store.exists(customerId, name)) {
            throw Failure.conflict("project-exists", "project '" + name + "' exists");
        }
        if (store.count(customerId) >= MAX_PROJECTS) {
            throw Failure.unprocessable("project-limit", "a customer has at most " + MAX_PROJECTS + " projects");
        }
        store.insert(customerId, name, description, clock.instant());
        return store.list(customerId).stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** Every project of the customer, {@code default} first. */
    public List<ProjectStore.Project> list(String customerId) {
        customers.customer(customerId);
        List<ProjectStore.Project> out = new ArrayList<>();
        out.add(new ProjectStore.Project(DEFAULT, "the project of resources that name none", null));
        out.addAll(store.list(customerId));
        return out;
    }

    /** Refuses a project the customer does not have. */
    public void requireProject(String customerId, String name) {
        if (!DEFAULT.equals(name) && !store.exists(customerId, name)) {
            throw Failure.unprocessable("unknown-project", "customer " + customerId + " has no project '" + name + "'");
        }
    }

    /** Registers a project the platform named for a resource created at {@code at} (nothing new when it exists). */
    public void seen(String customerId, String name, java.time.Instant at) {
        if (name != null && !DEFAULT.equals(name)) {
            store.seen(customerId, name, at);
        }
    }

    private static void check(String name) {
        if (name == null || name.isBlank() || name.length() > 64) {
            throw Failure.invalid("invalid-enterprise-project", "a project's name has 1 to 64 characters");
        }
        Text.requireClean("name", name);
    }
}
