package io.tollgate.resource;

import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.Metering;
import io.tollgate.catalog.PriceBook;
import io.tollgate.catalog.ResourceType;
import io.tollgate.catalog.Spec;
import io.tollgate.customer.Customer;
import io.tollgate.customer.CustomerService;
import io.tollgate.resource.core.Transition;
import io.tollgate.resource.store.ResourceStore;
import io.tollgate.shared.BillingMode;
import io.tollgate.shared.Digests;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Text;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Applies the platform's lifecycle events and answers questions about resources and their segments. */
@Service
public class ResourceService {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{1,39}");
    static final int MAX_NODES = 1000;
    static final int MAX_SIZE_GB = 1_048_576;
    /** The resource type of a customer's dedicated pool, on which jobs run without a compute charge of their own. */
    public static final String POOL_TYPE = "modelarts.pool";

    private final ResourceStore store;
    private final CatalogService catalog;
    private final CustomerService customers;
    private final io.tollgate.customer.ProjectService projects;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;

    public ResourceService(ResourceStore store, CatalogService catalog, CustomerService customers,
                           io.tollgate.customer.ProjectService projects, ApplicationEventPublisher events,
                           JsonMapper json, Clock clock) {
        this.store = store;
        this.projects = projects;
        this.catalog = catalog;
        this.customers = customers;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Applies one lifecycle event. A replay (same id, same content) returns the resource as it is
     * and changes nothing; the same id with other content is refused. Deliveries of one event id
     * are serialised, so concurrent copies of an event give one APPLIED and DUPLICATEs.
     */
    @Transactional
    public EventOutcome report(ResourceEvent e) {
        validateEnvelope(e);
        String hash = hash(e);
        // Concurrent deliveries of one event (a platform retrying after a timeout) wait here for the
        // first, so each answers as it did (or DUPLICATE), never resource-exists.
        store.lockEventId(e.eventId());
        var stored = store.event(e.eventId());
        if (stored.isPresent()) {
            if (!stored.get().requestHash().equals(hash)) {
                throw Failure.conflict("event-id-reused", "event " + e.eventId() + " was reported with other content");
            }
            return new EventOutcome(e.eventId(), EventOutcome.Status.DUPLICATE, resource(stored.get().resourceId()));
        }
        Instant now = clock.instant();
        if (e.occurredAt().isAfter(now)) {
            throw Failure.unprocessable("event-in-future", "occurredAt " + e.occurredAt() + " is after now " + now);
        }
        Resource after = e.type() == EventType.CREATED ? create(e) : change(e);
        store.insertEvent(e.eventId(), e.resourceId(), e.customerId(), e.type(), e.occurredAt(), hash, now);
        return new EventOutcome(e.eventId(), EventOutcome.Status.APPLIED, after);
    }

    private Resource create(ResourceEvent e) {
        Customer customer = customers.find(e.customerId())
                .orElseThrow(() -> Failure.unprocessable("unknown-customer", "no customer " + e.customerId()));
        ResourceType type = catalog.resourceType(e.resourceType());
        boolean capacity = type.metering() == Metering.CAPACITY;
        if (e.region() == null || !REGION.matcher(e.region()).matches()) {
            throw Failure.invalid("invalid-region", "region must be lower-case letters, digits and dashes");
        }
        BillingMode mode = e.billingMode() == null ? BillingMode.PAY_PER_USE : e.billingMode();
        if (mode != BillingMode.PAY_PER_USE) {
            throw Failure.unprocessable("unsupported-billing-mode", "yearly/monthly resources are created by orders");
        }
        if (type.metering() == Metering.USAGE) {
            return createUsageMetered(e, customer, type);
        }
        String poolId = pool(e, customer, type);
        int nodes = capacity ? 1 : requireRange("nodes", e.nodes() == null ? 1 : e.nodes(), MAX_NODES);
        Integer sizeGb = capacity ? requireRange("sizeGb", e.sizeGb(), MAX_SIZE_GB) : null;
        if (!capacity && e.sizeGb() != null) {
            throw Failure.invalid("invalid-field", "sizeGb is for capacity resources; " + type.code() + " has nodes");
        }
        requirePricedSpec(type, e.specCode(), e.region(), customer.currency(), e.occurredAt());
        if (type.diskSpecCode() != null) {
            requirePrice(catalog.priceBook(), type.diskSpecCode(), e.region(), customer.currency(), e.occurredAt());
        }
        Resource r = new Resource(e.resourceId(), customer.id(), type.code(), e.specCode(), e.region(), mode, nodes,
                sizeGb, type.diskSpecCode(), type.diskGb(), project(e.enterpriseProject()), tags(e.tags()),
                ResourceState.RUNNING, e.occurredAt(), null, e.occurredAt(), false, poolId);
        if (!store.insert(r)) {
            throw Failure.conflict("resource-exists", "resource " + e.resourceId() + " already exists");
        }
        projects.seen(r.customerId(), r.enterpriseProject(), r.createdAt());
        for (Transition.NewSegment s : Transition.creation(r, capacity)) {
            store.openSegment(r.id(), s.meter(), s.specCode(), s.quantity(), e.occurredAt(), r.billingMode());
        }
        occupy(null, r, e.occurredAt());
        events.publishEvent(new ResourceChanged(r.id(), r.customerId(), e.type(), e.occurredAt(), true));
        return r;
    }

    /**
     * The pool a job runs on, checked: only compute resources other than pools name one, and it must
     * be the same customer's existing, not deleted {@value #POOL_TYPE} resource. Null without one.
     */
    private String pool(ResourceEvent e, Customer customer, ResourceType type) {
        if (e.poolId() == null) {
            return null;
        }
        if (type.metering() != Metering.RUNTIME || type.code().equals(POOL_TYPE)) {
            throw Failure.invalid("invalid-field", "poolId is for jobs and services that run on a pool, not for a "
                    + type.code());
        }
        Resource pool = store.find(e.poolId())
                .orElseThrow(() -> Failure.unprocessable("unknown-pool", "no pool " + e.poolId()));
        if (!pool.customerId().equals(customer.id())) {
            throw Failure.unprocessable("pool-of-another-customer", "pool " + e.poolId()
                    + " belongs to another customer: a job runs without its own compute charge only on its customer's pool");
        }
        if (!pool.resourceType().equals(POOL_TYPE)) {
            throw Failure.unprocessable("not-a-pool", e.poolId() + " is a " + pool.resourceType() + ", not a "
                    + POOL_TYPE);
        }
        if (pool.state() == ResourceState.DELETED) {
            throw Failure.unprocessable("pool-deleted", "pool " + e.poolId() + " was deleted");
        }
        return pool.id();
    }

    /** A resource billed only by its usage records (a bucket, a topic, a log group): no segment opens. */
    private Resource createUsageMetered(ResourceEvent e, Customer customer, ResourceType type) {
        if (e.nodes() != null || e.sizeGb() != null) {
            throw Failure.invalid("invalid-field", type.code() + " is billed by usage records: no nodes or sizeGb");
        }
        if (e.poolId() != null) {
            throw Failure.invalid("invalid-field", type.code() + " is billed by usage records: no poolId");
        }
        Resource r = new Resource(e.resourceId(), customer.id(), type.code(),
                e.specCode() == null ? type.code() : e.specCode(), e.region(), BillingMode.PAY_PER_USE, 1, null, null,
                null, project(e.enterpriseProject()), tags(e.tags()), ResourceState.RUNNING, e.occurredAt(), null,
                e.occurredAt(), false, null);
        if (!store.insert(r)) {
            throw Failure.conflict("resource-exists", "resource " + e.resourceId() + " already exists");
        }
        projects.seen(r.customerId(), r.enterpriseProject(), r.createdAt());
        events.publishEvent(new ResourceChanged(r.id(), r.customerId(), e.type(), e.occurredAt(), false));
        return r;
    }

    private Resource change(ResourceEvent e) {
        Resource r = store.lock(e.resourceId())
                .orElseThrow(() -> Failure.notFound("unknown-resource", "no resource " + e.resourceId()));
        if (!r.customerId().equals(e.customerId())) {
            throw Failure.unprocessable("customer-mismatch", "resource " + r.id() + " belongs to another customer");
        }
        if (e.occurredAt().isBefore(r.lastEventAt())) {
            throw Failure.conflict("event-out-of-order",
                    "occurredAt " + e.occurredAt() + " is before the resource's last event at " + r.lastEventAt());
        }
        if (e.type() == EventType.DELETED && r.billingMode() == BillingMode.YEARLY_MONTHLY
                && r.state() != ResourceState.DELETED) {
            // A yearly/monthly resource lives as long as its subscription: it ends by unsubscription
            // (with its refund) or by release after expiry and retention, never by the platform alone.
            throw Failure.conflict("prepaid-subscribed", "resource " + r.id() + " is yearly/monthly: unsubscribe it "
                    + "(or let it expire) instead of deleting it");
        }
        ResourceType type = catalog.resourceType(r.resourceType());
        boolean capacity = type.metering() != Metering.RUNTIME;
        if (type.metering() == Metering.USAGE && e.type() != EventType.DELETED) {
            throw Failure.unprocessable("invalid-transition", type.code() + " is billed by usage records: it can only "
                    + "be created and deleted");
        }
        if (e.type() == EventType.RESIZED) {
            if (e.nodes() != null) {
                requireRange("nodes", e.nodes(), MAX_NODES);
            }
            if (e.sizeGb() != null) {
                requireRange("sizeGb", e.sizeGb(), MAX_SIZE_GB);
            }
            if (e.specCode() != null) {
                String currency = customers.customer(r.customerId()).currency();
                requirePricedSpec(type, e.specCode(), r.region(), currency, e.occurredAt());
            }
        }
        List<Segment> open = store.openSegments(r.id());
        Transition.Change change = Transition.apply(r, open, e.type(), e.occurredAt(), capacity, e.specCode(),
                e.nodes(), e.sizeGb());
        for (Segment s : change.close()) {
            store.closeSegment(r.id(), s.seq(), e.occurredAt());
        }
        // A frozen resource is not billed: its state follows the platform, its segments stay closed.
        List<Transition.NewSegment> opening = r.frozen() ? List.of() : change.open();
        for (Transition.NewSegment s : opening) {
            store.openSegment(r.id(), s.meter(), s.specCode(), s.quantity(), e.occurredAt(), r.billingMode());
        }
        store.update(change.resource());
        occupy(r, change.resource(), e.occurredAt());
        events.publishEvent(new ResourceChanged(r.id(), r.customerId(), e.type(), e.occurredAt(),
                open.size() - change.close().size() + opening.size() > 0));
        return change.resource();
    }

    /**
     * Freezes a resource for the lifecycle (retention after grace): every open segment closes, so
     * nothing bills until it is unfrozen. Happens at {@code at}, or at the resource's last event if later.
     */
    @Transactional
    public Resource freeze(String id, Instant at) {
        Resource r = lockExisting(id);
        if (r.frozen() || r.state() == ResourceState.DELETED) {
            return r;
        }
        Instant t = at.isBefore(r.lastEventAt()) ? r.lastEventAt() : at;
        store.openSegments(id).forEach(s -> store.closeSegment(id, s.seq(), t));
        Resource after = copy(r, r.state(), r.billingMode(), null, t, true);
        store.update(after);
        occupy(r, after, t);
        events.publishEvent(new ResourceChanged(id, r.customerId(), EventType.FROZEN, t, false));
        return after;
    }

    /** Unfreezes a resource: the disk and storage bill again, and compute if the platform reports it running. */
    @Transactional
    public Resource unfreeze(String id, Instant at) {
        Resource r = lockExisting(id);
        if (!r.frozen() || r.state() == ResourceState.DELETED) {
            return r;
        }
        Instant t = at.isBefore(r.lastEventAt()) ? r.lastEventAt() : at;
        Metering metering = catalog.resourceType(r.resourceType()).metering();
        boolean capacity = metering == Metering.CAPACITY;
        List<Transition.NewSegment> opening = metering == Metering.USAGE ? List.of() : Transition.creation(r, capacity)
                .stream().filter(s -> s.meter() != Meter.COMPUTE || r.state() == ResourceState.RUNNING).toList();
        // (Transition.creation opens no compute for a job on its own pool.)
        opening.forEach(s -> store.openSegment(id, s.meter(), s.specCode(), s.quantity(), t, r.billingMode()));
        Resource after = copy(r, r.state(), r.billingMode(), null, t, false);
        store.update(after);
        occupy(r, after, t);
        events.publishEvent(new ResourceChanged(id, r.customerId(), EventType.UNFROZEN, t, !opening.isEmpty()));
        return after;
    }

    /** Releases a resource at the end of retention: it is deleted for billing, and the platform is told to delete it. */
    @Transactional
    public Resource release(String id, Instant at) {
        Resource r = lockExisting(id);
        if (r.state() == ResourceState.DELETED) {
            return r;
        }
        Instant t = at.isBefore(r.lastEventAt()) ? r.lastEventAt() : at;
        store.openSegments(id).forEach(s -> store.closeSegment(id, s.seq(), t));
        Resource after = copy(r, ResourceState.DELETED, r.billingMode(), t, t, r.frozen());
        store.update(after);
        occupy(r, after, t);
        events.publishEvent(new ResourceChanged(id, r.customerId(), EventType.RELEASED, t, false));
        return after;
    }

    /**
     * Switches a resource's billing mode at {@code at}: open segments close and reopen under the
     * new mode, so the hour splits at that second (pay-per-use before, prepaid after, or back).
     */
    @Transactional
    public Resource changeMode(String id, BillingMode mode, Instant at) {
        Resource r = lockExisting(id);
        if (r.state() == ResourceState.DELETED) {
            throw Failure.conflict("resource-deleted", "resource " + id + " was deleted");
        }
        if (r.billingMode() == mode) {
            return r;
        }
        Instant t = at.isBefore(r.lastEventAt()) ? r.lastEventAt() : at;
        List<Segment> open = store.openSegments(id);
        open.forEach(s -> store.closeSegment(id, s.seq(), t));
        open.forEach(s -> store.openSegment(id, s.meter(), s.specCode(), s.quantity(), t, mode));
        Resource after = copy(r, r.state(), mode, null, t, r.frozen());
        store.update(after);
        events.publishEvent(new ResourceChanged(id, r.customerId(), EventType.MODE_CHANGED, t, !open.isEmpty()));
        return after;
    }

    /**
     * Keeps a pool job's occupancy stretches (cost per run, docs/cost.md): a job occupies its pool's
     * nodes while it runs and is not frozen; a change of state or node count at {@code t} closes the
     * open stretch and opens the next.
     */
    private void occupy(Resource before, Resource after, Instant t) {
        boolean was = occupies(before);
        boolean is = occupies(after);
        boolean changed = was && is && before.nodes() != after.nodes();
        if (was && (!is || changed)) {
            store.closeOccupancy(after.id(), t);
        }
        if (is && (!was || changed)) {
            store.openOccupancy(after, t);
        }
    }

    private static boolean occupies(Resource r) {
        return r != null && r.poolId() != null && r.state() == ResourceState.RUNNING && !r.frozen();
    }

    /** The customer's pool occupancy stretches overlapping [from, to). */
    public List<PoolOccupancy> poolOccupancy(String customerId, Instant from, Instant to) {
        return store.occupancy(customerId, from, to);
    }

    private Resource lockExisting(String id) {
        return store.lock(id).orElseThrow(() -> Failure.notFound("unknown-resource", "no resource " + id));
    }

    private static Resource copy(Resource r, ResourceState state, BillingMode mode, Instant deletedAt, Instant lastEventAt,
                                 boolean frozen) {
        return new Resource(r.id(), r.customerId(), r.resourceType(), r.specCode(), r.region(), mode, r.nodes(),
                r.sizeGb(), r.diskSpecCode(), r.diskGb(), r.enterpriseProject(), r.tags(), state, r.createdAt(),
                deletedAt == null ? r.deletedAt() : deletedAt, lastEventAt, frozen, r.poolId());
    }

    /**
     * Creates a yearly/monthly resource bought by a paid order: it bills nothing by the hour (its
     * segments run under the prepaid mode) and the platform is told to provision it.
     */
    @Transactional
    /** A project a customer names for a resource, checked: well formed and one of the customer's. */
    public String checkedProject(String customerId, String project) {
        String p = project(project);
        projects.requireProject(customerId, p);
        return p;
    }

    public Resource createPrepaid(String id, String customerId, String resourceType, String project, String specCode,
                                  String region,
                                  int nodes, Instant at) {
        ResourceType type = catalog.resourceType(resourceType);
        boolean capacity = type.metering() == Metering.CAPACITY;
        Resource r = new Resource(id, customerId, type.code(), specCode, region, BillingMode.YEARLY_MONTHLY,
                capacity ? 1 : nodes, capacity ? nodes : null, type.diskSpecCode(), type.diskGb(), project, Map.of(),
                ResourceState.RUNNING, at, null, at, false, null);
        if (!store.insert(r)) {
            throw Failure.conflict("resource-exists", "resource " + id + " already exists");
        }
        for (Transition.NewSegment s : Transition.creation(r, capacity)) {
            store.openSegment(id, s.meter(), s.specCode(), s.quantity(), at, BillingMode.YEARLY_MONTHLY);
        }
        events.publishEvent(new ResourceChanged(id, customerId, EventType.CREATED, at, true));
        return r;
    }

    /** A prepaid spec or node change ordered by the customer, effective at {@code at}. */
    @Transactional
    public Resource reconfigure(String id, String specCode, int nodes, Instant at) {
        Resource r = lockExisting(id);
        boolean capacity = catalog.resourceType(r.resourceType()).metering() == Metering.CAPACITY;
        Instant t = at.isBefore(r.lastEventAt()) ? r.lastEventAt() : at;
        Transition.Change change = Transition.apply(r, store.openSegments(id), EventType.RESIZED, t, capacity,
                specCode.equals(r.specCode()) ? null : specCode, capacity || nodes == r.nodes() ? null : nodes,
                capacity && !Integer.valueOf(nodes).equals(r.sizeGb()) ? nodes : null);
        change.close().forEach(s -> store.closeSegment(id, s.seq(), t));
        List<Transition.NewSegment> opening = r.frozen() ? List.of() : change.open();
        opening.forEach(s -> store.openSegment(id, s.meter(), s.specCode(), s.quantity(), t, r.billingMode()));
        store.update(change.resource());
        events.publishEvent(new ResourceChanged(id, r.customerId(), EventType.RESIZED, t,
                !store.openSegments(id).isEmpty()));
        return change.resource();
    }

    /**
     * Moves a resource to another of its customer's enterprise projects: the hours billed from now
     * on carry the new project; lines already billed keep the one they were billed to.
     */
    @Transactional
    public Resource move(String customerId, String resourceId, String project) {
        Resource r = store.lock(resourceId).filter(x -> x.customerId().equals(customerId))
                .orElseThrow(() -> Failure.notFound("unknown-resource", "no resource " + resourceId));
        if (r.state() == ResourceState.DELETED) {
            throw Failure.unprocessable("resource-deleted", "resource " + resourceId + " was deleted");
        }
        String target = project(project);
        projects.requireProject(customerId, target);
        store.updateProject(resourceId, target);
        return store.find(resourceId).orElseThrow();
    }

    public java.util.Optional<Resource> find(String id) {
        return id == null ? java.util.Optional.empty() : store.find(id);
    }

    /**
     * The resource as last committed, from the cache when it holds it: for hot read paths
     * (ingestion) that take no lock on the resource and do not write it in the same transaction.
     */
    public java.util.Optional<Resource> cached(String id) {
        return store.findCommitted(id);
    }

    public Resource resource(String id) {
        return store.find(id).orElseThrow(() -> Failure.notFound("unknown-resource", "no resource " + id));
    }

    public List<Resource> page(String customerId, String afterId, int limit) {
        return store.page(customerId, afterId, limit);
    }

    /** Segments of these resources overlapping [from, to), for rating. */
    public List<BillableSegment> billableSegments(Collection<String> resourceIds, Instant from, Instant to) {
        return resourceIds.isEmpty() ? List.of() : store.billable(resourceIds, from, to);
    }

    private void requirePricedSpec(ResourceType type, String specCode, String region, String currency, Instant at) {
        Spec spec = catalog.spec(specCode);
        if (spec.kind() != type.specKind() || !spec.serviceType().equals(type.serviceType())) {
            throw Failure.unprocessable("spec-not-allowed", "spec " + specCode + " cannot be used by " + type.code());
        }
        requirePrice(catalog.priceBook(), specCode, region, currency, at);
    }

    private static void requirePrice(PriceBook book, String specCode, String region, String currency, Instant at) {
        if (book.inForce(specCode, region, BillingMode.PAY_PER_USE, currency, at) == null) {
            throw Failure.unprocessable("no-price", "no pay-per-use price in " + currency + " for " + specCode
                    + " in " + region + " at " + at);
        }
    }

    private static void validateEnvelope(ResourceEvent e) {
        if (e.eventId() == null || !ID.matcher(e.eventId()).matches()) {
            throw Failure.invalid("invalid-event-id", "eventId must be 1-128 letters, digits or ._:/-");
        }
        if (e.resourceId() == null || !ID.matcher(e.resourceId()).matches()) {
            throw Failure.invalid("invalid-resource-id", "resourceId must be 1-128 letters, digits or ._:/-");
        }
        if (e.type() == null || e.occurredAt() == null || e.customerId() == null) {
            throw Failure.invalid("missing-field", "type, customerId and occurredAt are required");
        }
        if (!e.type().reportedByPlatform()) {
            throw Failure.invalid("not-a-platform-event", e.type() + " is a change Tollgate makes, not one to report");
        }
    }

    private static int requireRange(String field, Integer value, int max) {
        if (value == null) {
            throw Failure.invalid("missing-field", field + " is required");
        }
        if (value < 1 || value > max) {
            throw Failure.invalid("quantity-out-of-range", field + " must be between 1 and " + max + ", not " + value);
        }
        return value;
    }

    private static String project(String enterpriseProject) {
        if (enterpriseProject == null) {
            return "default";
        }
        Text.requireClean("enterpriseProject", enterpriseProject);
        if (enterpriseProject.isBlank() || enterpriseProject.length() > 64) {
            throw Failure.invalid("invalid-enterprise-project", "enterpriseProject has 1 to 64 characters");
        }
        return enterpriseProject;
    }

    private static Map<String, String> tags(Map<String, String> tags) {
        if (tags == null) {
            return Map.of();
        }
        Text.requireEntries("tags", tags);
        return new TreeMap<>(tags);
    }

    /** The fields of an event as hashed before poolId existed: events without a pool keep their fingerprint. */
    private record Canonical(String eventId, EventType type, String resourceId, String customerId, String occurredAt,
                             String resourceType, String specCode, String region, BillingMode billingMode,
                             Integer nodes, Integer sizeGb, String enterpriseProject, Map<String, String> tags) {
    }

    private String hash(ResourceEvent e) {
        // occurredAt as ISO_INSTANT text (what the mapper wrote before responses carried the billing zone's offset).
        Canonical canonical = new Canonical(e.eventId(), e.type(), e.resourceId(), e.customerId(), e.occurredAt().toString(),
                e.resourceType(), e.specCode(), e.region(), e.billingMode(), e.nodes(), e.sizeGb(),
                e.enterpriseProject(), e.tags() == null ? null : new TreeMap<>(e.tags()));
        String text = json.writeValueAsString(canonical);
        return Digests.sha256(e.poolId() == null ? text : text + "|pool=" + e.poolId());
    }
}
