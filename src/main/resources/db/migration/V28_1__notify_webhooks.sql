-- notify: webhook endpoints, their deliveries and every attempt ----------------------------
-- The operator registers endpoints; each follows the outbox with a cursor of its own (the
-- position the fan-out has copied up to) and gets one delivery row per matching event. A
-- delivery is claimed with SKIP LOCKED and a lease, POSTed outside any transaction, and its
-- outcome recorded under the same lease: a process killed between sending and recording leaves
-- the lease to expire and the event is sent again with the same webhook-id.
create table notify_webhook_endpoint (
    id              bigserial primary key,
    url             text not null,
    description     text not null default '',
    -- Topic prefixes the endpoint receives ('lifecycle.', 'subscription.renewal'); empty: every event.
    event_types     text[] not null,
    -- Standard Webhooks secrets: 'whsec_' + base64 of the key bytes. During a rotation the
    -- previous secret signs too, until previous_until.
    secret          text not null,
    previous_secret text,
    previous_until  timestamptz,
    enabled         boolean not null default true,
    cursor_position bigint not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);

create table notify_webhook_delivery (
    id              bigserial primary key,
    endpoint_id     bigint not null references notify_webhook_endpoint (id),
    event_id        text not null,
    position        bigint not null,
    topic           text not null,
    customer_id     text not null,
    subject_id      text not null,
    state           text not null check (state in ('PENDING', 'DELIVERED', 'DEAD')),
    attempts        integer not null default 0,
    -- When the delivery first fell due (the retry window of tollgate.notify.webhooks.give-up-after
    -- counts from here; a replay starts it again).
    first_due_at    timestamptz not null,
    next_attempt_at timestamptz not null,
    lease_token     uuid,
    leased_until    timestamptz,
    last_status     integer,
    last_error      text,
    delivered_at    timestamptz,
    unique (endpoint_id, event_id)
);
-- The claim: an endpoint's due deliveries in position order.
create index notify_webhook_delivery_due on notify_webhook_delivery (endpoint_id, position)
    where state = 'PENDING';
-- The order of one subject: an earlier undelivered event of the same subject blocks the later ones.
create index notify_webhook_delivery_chain on notify_webhook_delivery (endpoint_id, customer_id, subject_id, position)
    where state <> 'DELIVERED';
create index notify_webhook_delivery_state on notify_webhook_delivery (state, id);

-- Every attempt, written when it is claimed (IN_FLIGHT) and completed with its outcome; one left
-- IN_FLIGHT by a process that stopped is marked UNKNOWN when its lease has expired and the
-- delivery is claimed again.
create table notify_webhook_attempt (
    id           bigserial primary key,
    delivery_id  bigint not null references notify_webhook_delivery (id),
    attempt      integer not null,
    attempted_at timestamptz not null,
    outcome      text not null check (outcome in ('IN_FLIGHT', 'DELIVERED', 'FAILED', 'UNKNOWN')),
    status_code  integer,
    error        text,
    duration_ms  integer,
    unique (delivery_id, attempt)
);
