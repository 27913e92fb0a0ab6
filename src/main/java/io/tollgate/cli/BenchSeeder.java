package io.tollgate.cli;

import io.tollgate.app.DemoCatalog;
import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.Metering;
import io.tollgate.catalog.ResourceType;
import io.tollgate.catalog.Spec;
import io.tollgate.catalog.SpecKind;
import io.tollgate.resource.EventType;
import io.tollgate.resource.Resource;
import io.tollgate.resource.ResourceEvent;
import io.tollgate.resource.ResourceService;
import io.tollgate.resource.ResourceState;
import io.tollgate.resource.core.Transition;
import io.tollgate.shared.BillingMode;
import io.tollgate.shared.Hours;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bench's resources: which ones (a fixed, varied mix), and how they get into the database.
 * With {@code services} each CREATED event goes through {@link ResourceService#report}; with
 * {@code bulk} the seeder writes, with COPY, exactly the rows that call and its listeners write
 * (BenchCommandIT compares the two), except the event log row, which nothing later reads.
 */
final class BenchSeeder {
    /** How resources get into the database. */
    enum Seeding { BULK, SERVICES }

    private static final List<String> TYPES = List.of("modelarts.training", "modelarts.inference", "modelarts.pool",
            "modelarts.notebook", "evs.volume");

    private final CatalogService catalog;
    private final ResourceService resources;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final java.time.ZoneId zone;

    BenchSeeder(CatalogService catalog, ResourceService resources, JdbcTemplate jdbc, TransactionTemplate tx,
                JsonMapper json, java.time.ZoneId zone) {
        this.zone = zone;
        this.catalog = catalog;
        this.resources = resources;
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
    }

    /** Creates {@code count} resources of these customers, through the services or in bulk. */
    void seed(int count, List<String> customerIds, Seeding seeding) {
        IntFunction<ResourceEvent> events = creations(customerIds);
        if (seeding == Seeding.BULK) {
            seedBulk(count, events);
        } else {
            for (int i = 0; i < count; i++) {
                resources.report(events.apply(i));
            }
        }
    }

    /**
     * The CREATED event of bench resource {@code i}: a mix of training jobs, inference services,
     * pools, notebooks (with their disk) and EVS volumes over all demo specs, created during the
     * hour before the clock's start, spread over the customers.
     */
    private IntFunction<ResourceEvent> creations(List<String> customerIds) {
        List<Spec> specs = catalog.specs().stream().sorted(Comparator.comparing(Spec::code)).toList();
        List<String> compute = specs.stream().filter(s -> s.kind() == SpecKind.COMPUTE).map(Spec::code).toList();
        List<String> storage = specs.stream().filter(s -> s.kind() == SpecKind.STORAGE).map(Spec::code).toList();
        return i -> {
            String type = TYPES.get(i % TYPES.size());
            boolean capacity = type.equals("evs.volume");
            int variant = i / TYPES.size();
            String spec = capacity ? storage.get(variant % storage.size()) : compute.get(variant % compute.size());
            Map<String, String> tags = i % 6 == 0 ? null
                    : Map.of("team", "team-" + (i % 7), "env", i % 2 == 0 ? "prod" : "dev");
            return new ResourceEvent(String.format("bench-e%07d", i), EventType.CREATED,
                    String.format("bench-r%07d", i), customerIds.get(customerOf(i, customerIds.size())),
                    BenchCommand.START.minusSeconds(1 + (i * 7919L) % 3600), type, spec, DemoCatalog.REGION,
                    BillingMode.PAY_PER_USE, capacity ? null : 1 + i % 3, capacity ? 10 + (i * 37) % 2000 : null,
                    i % 4 == 0 ? null : "project-" + i % 3, tags, null);
        };
    }

    /**
     * The customer of resource {@code i}: drawn uniformly (by a fixed hash, so every run is the
     * same), as resources of many customers are created in no particular order.
     */
    static int customerOf(int i, int customers) {
        long h = (i + 1) * 0x9E3779B97F4A7C15L;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L;
        return (int) Math.floorMod(h ^ (h >>> 29), (long) customers);
    }

    /** The resource that ResourceService stores for a CREATED event, by the same rules. */
    private static Resource resourceOf(ResourceEvent e, ResourceType type) {
        boolean capacity = type.metering() == Metering.CAPACITY;
        return new Resource(e.resourceId(), e.customerId(), type.code(), e.specCode(), e.region(), e.billingMode(),
                capacity ? 1 : e.nodes() == null ? 1 : e.nodes(), capacity ? e.sizeGb() : null, type.diskSpecCode(),
                type.diskGb(), e.enterpriseProject() == null ? "default" : e.enterpriseProject(),
                e.tags() == null ? Map.of() : new TreeMap<>(e.tags()), ResourceState.RUNNING, e.occurredAt(), null,
                e.occurredAt(), false, null);
    }

    /**
     * Writes with COPY, in one transaction, the rows a CREATED event leaves: the resource, its
     * open segments, its settlement schedule row and its lifecycle row (ACTIVE; no bench customer
     * is in arrears when its resources are created).
     */
    private void seedBulk(int count, IntFunction<ResourceEvent> events) {
        Map<String, ResourceType> types = new HashMap<>();
        catalog.resourceTypes().forEach(t -> types.put(t.code(), t));
        tx.executeWithoutResult(status -> jdbc.execute((ConnectionCallback<Void>) con -> {
            PGConnection pg = con.unwrap(PGConnection.class);
            copy(pg, "copy resource_resource (id, customer_id, resource_type, spec_code, region, billing_mode, nodes, "
                    + "size_gb, disk_spec_code, disk_gb, enterprise_project, tags, state, created_at, deleted_at, "
                    + "last_event_at, frozen) from stdin", count, (i, row) -> {
                        ResourceEvent e = events.apply(i);
                        Resource r = resourceOf(e, types.get(e.resourceType()));
                        row.add(r.id()).add(r.customerId()).add(r.resourceType()).add(r.specCode()).add(r.region())
                                .add(r.billingMode().name()).add(r.nodes()).add(r.sizeGb()).add(r.diskSpecCode())
                                .add(r.diskGb()).add(r.enterpriseProject()).add(json.writeValueAsString(r.tags()))
                                .add(r.state().name()).add(r.createdAt()).add(r.deletedAt()).add(r.lastEventAt())
                                .add(r.frozen() ? "t" : "f");
                    });
            // the projects the resources name, registered as ProjectService.seen registers them
            jdbc.update("insert into customer_enterprise_project (customer_id, name, description, created_at) "
                    + "select customer_id, enterprise_project, null, min(created_at) from resource_resource "
                    + "where enterprise_project <> 'default' group by 1, 2 on conflict do nothing");
            copy(pg, "copy resource_segment (resource_id, seq, meter, spec_code, quantity, started_at, ended_at, "
                    + "billing_mode) from stdin", count, (i, row) -> {
                        ResourceEvent e = events.apply(i);
                        ResourceType type = types.get(e.resourceType());
                        Resource r = resourceOf(e, type);
                        int seq = 1;
                        for (Transition.NewSegment s : Transition.creation(r, type.metering() == Metering.CAPACITY)) {
                            row.add(r.id()).add(seq++).add(s.meter().name()).add(s.specCode()).add(s.quantity())
                                    .add(e.occurredAt()).add(null).add(r.billingMode().name()).end();
                        }
                    });
            copy(pg, "copy settlement_schedule (resource_id, customer_id, next_hour, active) from stdin", count,
                    (i, row) -> {
                        ResourceEvent e = events.apply(i);
                        row.add(e.resourceId()).add(e.customerId()).add(Hours.floor(e.occurredAt(), zone)).add("t");
                    });
            copy(pg, "copy lifecycle_resource (resource_id, customer_id, billing_mode, state, reason, since, "
                    + "next_transition_at, seq, deleted) from stdin", count, (i, row) -> {
                        ResourceEvent e = events.apply(i);
                        row.add(e.resourceId()).add(e.customerId()).add(e.billingMode().name()).add("ACTIVE").add(null)
                                .add(e.occurredAt()).add(null).add(0).add("f");
                    });
            return null;
        }));
    }

    private interface RowWriter {
        void write(int i, CopyRow row) throws IOException;
    }

    /** One line of COPY text format under construction; {@link #end()} closes it (done for you after each row). */
    private static final class CopyRow {
        private final Writer out;
        private boolean first = true;

        CopyRow(Writer out) {
            this.out = out;
        }

        CopyRow add(Object value) {
            try {
                if (!first) {
                    out.write('\t');
                }
                first = false;
                out.write(value == null ? "\\N" : checked(value.toString()));
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void end() throws IOException {
            if (!first) {
                out.write('\n');
                first = true;
            }
        }

        /** Bench values are codes, ids, numbers and times: nothing COPY's text format would need escaped. */
        private static String checked(String text) {
            if (text.chars().anyMatch(c -> c == '\\' || c == '\t' || c == '\n' || c == '\r')) {
                throw new IllegalArgumentException("a bench value needs escaping: " + text);
            }
            return text;
        }
    }

    private static void copy(PGConnection pg, String sql, int count, RowWriter rows) {
        try (Writer out = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(pg, sql, 1 << 16),
                StandardCharsets.UTF_8), 1 << 16)) {
            CopyRow row = new CopyRow(out);
            for (int i = 0; i < count; i++) {
                rows.write(i, row);
                row.end();
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("COPY failed: " + sql, e);
        }
    }
}
