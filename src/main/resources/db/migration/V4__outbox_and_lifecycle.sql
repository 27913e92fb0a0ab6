-- notify ---------------------------------------------------------------------------------
-- Events for the platform and for notifications, written in the transaction of the change that
-- caused them. The event id is stable: writing the same event twice keeps one row, so a
-- retried change never tells the platform twice.
create table notify_outbox (
    id           bigserial primary key,
    event_id     text not null unique,
    topic        text not null,
    customer_id  text not null,
    subject_id   text not null,
    payload      jsonb not null,
    occurred_at  timestamptz not null,
    recorded_at  timestamptz not null
);
create index notify_outbox_customer on notify_outbox (customer_id, id);

-- lifecycle ------------------------------------------------------------------------------
-- Grace and retention lengths per customer level; a level without a row uses 15 and 15 days.
create table lifecycle_policy (
    level          text primary key,
    grace_days     integer not null check (grace_days between 0 and 365),
    retention_days integer not null check (retention_days between 0 and 365)
);

create table lifecycle_resource (
    resource_id        text primary key,
    customer_id        text not null,
    billing_mode       text not null,
    state              text not null check (state in ('ACTIVE', 'GRACE', 'FROZEN', 'RELEASED')),
    -- Why the resource left ACTIVE: EXPIRY (prepaid) or ARREARS (pay-per-use).
    reason             text check (reason in ('EXPIRY', 'ARREARS')),
    since              timestamptz not null,
    next_transition_at timestamptz,
    seq                integer not null,
    deleted            boolean not null default false
);
create index lifecycle_resource_due on lifecycle_resource (next_transition_at) where next_transition_at is not null;
create index lifecycle_resource_customer on lifecycle_resource (customer_id);
