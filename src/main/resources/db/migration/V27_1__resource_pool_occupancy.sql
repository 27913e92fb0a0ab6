-- resource -------------------------------------------------------------------------------
-- While a job (or inference service) runs on its customer's own dedicated pool it bills no compute
-- of its own (V16_8); these stretches record the nodes it occupies, so the cost centre can share
-- the pool's cost among the jobs by node-seconds (docs/cost.md, cost per run). Open while ended_at
-- is null; a stretch closes when the job stops, is resized, frozen, released or deleted.
create table resource_pool_occupancy (
    resource_id text not null references resource_resource (id),
    seq         integer not null,
    pool_id     text not null references resource_resource (id),
    customer_id text not null,
    nodes       integer not null check (nodes > 0),
    started_at  timestamptz not null,
    ended_at    timestamptz,
    primary key (resource_id, seq),
    check (ended_at is null or ended_at >= started_at)
);
create index resource_pool_occupancy_customer on resource_pool_occupancy (customer_id, started_at);
