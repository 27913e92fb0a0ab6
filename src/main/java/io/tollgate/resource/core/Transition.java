package io.tollgate.resource.core;

import io.tollgate.resource.EventType;
import io.tollgate.resource.Meter;
import io.tollgate.resource.Resource;
import io.tollgate.resource.ResourceState;
import io.tollgate.resource.Segment;
import io.tollgate.shared.Failure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The pure rules of a lifecycle event: given a resource, its open segments and an event, the
 * resource after the event, the segments to close at the event time and the segments to open.
 * Compute bills while running; a notebook's disk and a capacity resource bill until deletion. A
 * resource on the customer's own dedicated pool ({@code poolId}) opens no compute segment: the pool
 * bills the nodes (billing-rules.md section 2); its own disk still bills.
 */
public final class Transition {
    public record NewSegment(Meter meter, String specCode, int quantity) {
    }

    public record Change(Resource resource, List<Segment> close, List<NewSegment> open) {
        public boolean billingAfter(List<Segment> openBefore) {
            return openBefore.size() - close.size() + open.size() > 0;
        }
    }

    private Transition() {
    }

    /** Segments a new resource opens: compute (or storage for capacity types) and the attached disk. */
    public static List<NewSegment> creation(Resource r, boolean capacity) {
        List<NewSegment> open = new ArrayList<>();
        if (capacity) {
            open.add(new NewSegment(Meter.STORAGE, r.specCode(), r.sizeGb()));
        } else if (billsCompute(r)) {
            open.add(new NewSegment(Meter.COMPUTE, r.specCode(), r.nodes()));
        }
        if (r.diskSpecCode() != null) {
            open.add(new NewSegment(Meter.DISK, r.diskSpecCode(), r.diskGb()));
        }
        return open;
    }

    /**
     * Applies STARTED, STOPPED, RESIZED or DELETED. {@code newSpec}, {@code newNodes} and
     * {@code newSizeGb} are only read for RESIZED, where null means unchanged.
     */
    public static Change apply(Resource r, List<Segment> openSegments, EventType type, Instant at, boolean capacity,
                               String newSpec, Integer newNodes, Integer newSizeGb) {
        if (r.state() == ResourceState.DELETED) {
            throw Failure.conflict("resource-deleted", "resource " + r.id() + " was deleted");
        }
        List<Segment> running = openSegments.stream().filter(s -> s.meter() != Meter.DISK).toList();
        return switch (type) {
            case CREATED -> throw Failure.conflict("resource-exists", "resource " + r.id() + " already exists");
            case STARTED -> {
                requireRuntime(r, capacity, type);
                requireState(r, ResourceState.STOPPED, type);
                yield new Change(with(r, r.specCode(), r.nodes(), r.sizeGb(), ResourceState.RUNNING, null, at),
                        List.of(), billsCompute(r) ? List.of(new NewSegment(Meter.COMPUTE, r.specCode(), r.nodes()))
                                : List.of());
            }
            case STOPPED -> {
                requireRuntime(r, capacity, type);
                requireState(r, ResourceState.RUNNING, type);
                yield new Change(with(r, r.specCode(), r.nodes(), r.sizeGb(), ResourceState.STOPPED, null, at),
                        running, List.of());
            }
            case RESIZED -> resize(r, running, at, capacity, newSpec, newNodes, newSizeGb);
            case DELETED -> new Change(with(r, r.specCode(), r.nodes(), r.sizeGb(), ResourceState.DELETED, at, at),
                    openSegments, List.of());
            default -> throw Failure.invalid("not-a-platform-event", type + " is not reported by the platform");
        };
    }

    private static Change resize(Resource r, List<Segment> running, Instant at, boolean capacity, String newSpec,
                                 Integer newNodes, Integer newSizeGb) {
        String spec = newSpec == null ? r.specCode() : newSpec;
        if (capacity) {
            if (newNodes != null) {
                throw Failure.invalid("invalid-resize", "a capacity resource is resized by sizeGb, not nodes");
            }
            int size = newSizeGb == null ? r.sizeGb() : newSizeGb;
            if (spec.equals(r.specCode()) && size == r.sizeGb()) {
                throw Failure.invalid("invalid-resize", "a resize must change the spec or the size");
            }
            return new Change(with(r, spec, r.nodes(), size, r.state(), null, at), running,
                    List.of(new NewSegment(Meter.STORAGE, spec, size)));
        }
        if (newSizeGb != null) {
            throw Failure.invalid("invalid-resize", "a compute resource is resized by nodes or spec, not sizeGb");
        }
        int nodes = newNodes == null ? r.nodes() : newNodes;
        if (spec.equals(r.specCode()) && nodes == r.nodes()) {
            throw Failure.invalid("invalid-resize", "a resize must change the spec or the node count");
        }
        Resource after = with(r, spec, nodes, r.sizeGb(), r.state(), null, at);
        if (r.state() != ResourceState.RUNNING || !billsCompute(r)) {
            return new Change(after, List.of(), List.of());
        }
        return new Change(after, running, List.of(new NewSegment(Meter.COMPUTE, spec, nodes)));
    }

    /** Compute is billed by the resource itself unless it runs on the customer's own pool. */
    public static boolean billsCompute(Resource r) {
        return r.poolId() == null;
    }

    private static void requireRuntime(Resource r, boolean capacity, EventType type) {
        if (capacity) {
            throw Failure.unprocessable("invalid-transition", r.resourceType() + " cannot be " + type.name().toLowerCase());
        }
    }

    private static void requireState(Resource r, ResourceState expected, EventType type) {
        if (r.state() != expected) {
            throw Failure.conflict("invalid-transition",
                    "resource " + r.id() + " is " + r.state() + "; " + type + " needs " + expected);
        }
    }

    private static Resource with(Resource r, String spec, int nodes, Integer sizeGb, ResourceState state,
                                 Instant deletedAt, Instant lastEventAt) {
        return new Resource(r.id(), r.customerId(), r.resourceType(), spec, r.region(), r.billingMode(), nodes, sizeGb,
                r.diskSpecCode(), r.diskGb(), r.enterpriseProject(), r.tags(), state, r.createdAt(), deletedAt,
                lastEventAt, r.frozen(), r.poolId());
    }
}
