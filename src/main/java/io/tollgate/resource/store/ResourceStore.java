package io.tollgate.resource.store;

import io.tollgate.caching.CommittedCache;
import io.tollgate.caching.Invalidations;
import io.tollgate.resource.BillableSegment;
import io.tollgate.resource.EventType;
import io.tollgate.resource.Meter;
import io.tollgate.resource.PoolOccupancy;
import io.tollgate.resource.Resource;
import io.tollgate.resource.ResourceState;
import io.tollgate.resource.Segment;
import io.tollgate.shared.BillingMode;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for resources, their events and their segments. */
@Repository
public class ResourceStore {
    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() {
    };
    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    /** Resources by id as committed (io.tollgate.caching); every write here marks its row. */
    private final CommittedCache<Resource> cache;

    public ResourceStore(JdbcTemplate jdbc, JsonMapper json, Invalidations caches) {
        this.cache = caches.cache("resource", 200_000);
        this.jdbc = jdbc;
        this.json = json;
    }

    public record StoredEvent(String eventId, String resourceId, String requestHash) {
    }

    /**
     * Serialises deliveries of one event id (a transaction-scoped advisory lock): a concurrent
     * retry waits for the first delivery to commit or roll back, then finds its row or none.
     */
    public void lockEventId(String eventId) {
        jdbc.query("select pg_advisory_xact_lock(hashtext(?))", rs -> null, "resource-event:" + eventId);
    }

    public Optional<StoredEvent> event(String eventId) {
        return jdbc.query("select event_id, resource_id, request_hash from resource_event where event_id = ?",
                (rs, i) -> new StoredEvent(rs.getString(1), rs.getString(2), rs.getString(3)), eventId).stream().findFirst();
    }

    public void insertEvent(String eventId, String resourceId, String customerId, EventType type, Instant occurredAt,
                            String requestHash, Instant now) {
        jdbc.update("insert into resource_event (event_id, resource_id, customer_id, type, occurred_at, request_hash, "
                        + "recorded_at) values (?, ?, ?, ?, ?, ?, ?)", eventId, resourceId, customerId, type.name(),
                Timestamp.from(occurredAt), requestHash, Timestamp.from(now));
    }

    /** Locks the resource row so that events for one resource apply one at a time. */
    public Optional<Resource> lock(String id) {
        return jdbc.query("select * from resource_resource where id = ? for update", this::resource, id).stream().findFirst();
    }

    public Optional<Resource> find(String id) {
        return jdbc.query("select * from resource_resource where id = ?", this::resource, id).stream().findFirst();
    }

    /** The resource as last committed, from the cache when it holds it (see ResourceService.cached). */
    public Optional<Resource> findCommitted(String id) {
        return cache.find(id, this::find);
    }

    public List<Resource> page(String customerId, String afterId, int limit) {
        return jdbc.query("select * from resource_resource where customer_id = ? and id > ? order by id limit ?",
                this::resource, customerId, afterId == null ? "" : afterId, limit);
    }

    public boolean insert(Resource r) {
        cache.written(r.id());
        return jdbc.update("insert into resource_resource (id, customer_id, resource_type, spec_code, region, billing_mode, "
                        + "nodes, size_gb, disk_spec_code, disk_gb, enterprise_project, tags, state, created_at, last_event_at, "
                        + "pool_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?) on conflict (id) do nothing",
                r.id(), r.customerId(), r.resourceType(), r.specCode(), r.region(), r.billingMode().name(), r.nodes(),
                r.sizeGb(), r.diskSpecCode(), r.diskGb(), r.enterpriseProject(), json.writeValueAsString(r.tags()),
                r.state().name(), Timestamp.from(r.createdAt()), Timestamp.from(r.lastEventAt()), r.poolId()) == 1;
    }

    public void update(Resource r) {
        cache.written(r.id());
        jdbc.update("update resource_resource set spec_code = ?, nodes = ?, size_gb = ?, state = ?, deleted_at = ?, "
                        + "last_event_at = ?, frozen = ?, billing_mode = ? where id = ?", r.specCode(), r.nodes(),
                r.sizeGb(), r.state().name(), r.deletedAt() == null ? null : Timestamp.from(r.deletedAt()),
                Timestamp.from(r.lastEventAt()), r.frozen(), r.billingMode().name(), r.id());
    }

    public void updateProject(String resourceId, String project) {
        cache.written(resourceId);
        jdbc.update("update resource_resource set enterprise_project = ? where id = ?", project, resourceId);
    }

    public List<Segment> openSegments(String resourceId) {
        return jdbc.query("select * from resource_segment where resource_id = ? and ended_at is null order by seq",
                ResourceStore::segment, resourceId);
    }

    public void closeSegment(String resourceId, int seq, Instant end) {
        jdbc.update("update resource_segment set ended_at = ? where resource_id = ? and seq = ?",
                Timestamp.from(end), resourceId, seq);
    }

    public void openSegment(String resourceId, Meter meter, String specCode, int quantity, Instant start,
                            BillingMode mode) {
        jdbc.update("insert into resource_segment (resource_id, seq, meter, spec_code, quantity, started_at, billing_mode) "
                        + "select ?, coalesce(max(seq), 0) + 1, ?, ?, ?, ?, ? from resource_segment where resource_id = ?",
                resourceId, meter.name(), specCode, quantity, Timestamp.from(start), mode.name(), resourceId);
    }

    /** Opens a stretch during which a job occupies {@code nodes} of its pool. */
    public void openOccupancy(Resource job, Instant start) {
        jdbc.update("insert into resource_pool_occupancy (resource_id, seq, pool_id, customer_id, nodes, started_at) "
                        + "select ?, coalesce(max(seq), 0) + 1, ?, ?, ?, ? from resource_pool_occupancy where resource_id = ?",
                job.id(), job.poolId(), job.customerId(), job.nodes(), Timestamp.from(start), job.id());
    }

    /** Closes the job's open occupancy stretch, if any. */
    public void closeOccupancy(String resourceId, Instant end) {
        jdbc.update("update resource_pool_occupancy set ended_at = ? where resource_id = ? and ended_at is null",
                Timestamp.from(end), resourceId);
    }

    /** The customer's occupancy stretches overlapping [from, to), by pool, job and start. */
    public List<PoolOccupancy> occupancy(String customerId, Instant from, Instant to) {
        return jdbc.query("select resource_id, pool_id, nodes, started_at, ended_at from resource_pool_occupancy "
                        + "where customer_id = ? and started_at < ? and (ended_at is null or ended_at > ?) "
                        + "order by pool_id, resource_id, seq",
                (rs, i) -> new PoolOccupancy(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getTimestamp(4).toInstant(), instant(rs.getTimestamp(5))),
                customerId, Timestamp.from(to), Timestamp.from(from));
    }

    /**
     * Segments of the given resources that overlap [from, to), with the resource attributes fee
     * records carry. Equal tag texts are parsed once and share one (read-only) map.
     */
    public List<BillableSegment> billable(Collection<String> resourceIds, Instant from, Instant to) {
        Map<String, Map<String, String>> tags = new HashMap<>();
        return jdbc.query(con -> {
            var ps = con.prepareStatement("select r.id, r.customer_id, r.resource_type, r.region, s.billing_mode, "
                    + "r.enterprise_project, r.tags::text, s.seq, s.meter, s.spec_code, s.quantity, s.started_at, s.ended_at "
                    + "from resource_segment s join resource_resource r on r.id = s.resource_id "
                    + "where s.resource_id = any (?) and s.started_at < ? and (s.ended_at is null or s.ended_at > ?) "
                    + "order by s.resource_id, s.seq");
            Array ids = con.createArrayOf("text", resourceIds.toArray());
            ps.setArray(1, ids);
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setTimestamp(3, Timestamp.from(from));
            return ps;
        }, (rs, i) -> new BillableSegment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                BillingMode.valueOf(rs.getString(5)), rs.getString(6),
                tags.computeIfAbsent(rs.getString(7), text -> Collections.unmodifiableMap(json.readValue(text, TAGS))),
                new Segment(rs.getInt(8), Meter.valueOf(rs.getString(9)), rs.getString(10), rs.getInt(11),
                        rs.getTimestamp(12).toInstant(), instant(rs.getTimestamp(13)))));
    }

    private static Segment segment(ResultSet rs, int row) throws SQLException {
        return new Segment(rs.getInt("seq"), Meter.valueOf(rs.getString("meter")), rs.getString("spec_code"),
                rs.getInt("quantity"), rs.getTimestamp("started_at").toInstant(), instant(rs.getTimestamp("ended_at")));
    }

    private Resource resource(ResultSet rs, int row) throws SQLException {
        return new Resource(rs.getString("id"), rs.getString("customer_id"), rs.getString("resource_type"),
                rs.getString("spec_code"), rs.getString("region"), BillingMode.valueOf(rs.getString("billing_mode")),
                rs.getInt("nodes"), (Integer) rs.getObject("size_gb"), rs.getString("disk_spec_code"),
                (Integer) rs.getObject("disk_gb"), rs.getString("enterprise_project"),
                json.readValue(rs.getString("tags"), TAGS), ResourceState.valueOf(rs.getString("state")),
                rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("deleted_at")),
                rs.getTimestamp("last_event_at").toInstant(), rs.getBoolean("frozen"), rs.getString("pool_id"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
