-- subscription ---------------------------------------------------------------------------
-- Orders: every prepaid purchase, renewal, change, unsubscription and mode change, with what
-- was asked (the request hash, for idempotency) and how it was paid.
create table subscription_order (
    id               bigserial primary key,
    customer_id      text not null,
    type             text not null check (type in ('NEW', 'RENEWAL', 'CHANGE', 'UNSUBSCRIPTION', 'MODE_CHANGE')),
    status           text not null check (status in ('PENDING_PAYMENT', 'PAID', 'CANCELLED')),
    auto             boolean not null default false,
    resource_id      text not null,
    resource_type    text not null,
    spec_code        text not null,
    region           text not null,
    nodes            integer not null check (nodes > 0),
    term_unit        text check (term_unit in ('MONTH', 'YEAR')),
    term_count       integer,
    currency         char(3) not null,
    list_amount      numeric(20, 2) not null,
    discount_amount  numeric(20, 2) not null default 0,
    coupon_amount    numeric(20, 2) not null default 0,
    cash_amount      numeric(20, 2) not null default 0,
    credit_amount    numeric(20, 2) not null default 0,
    refund_amount    numeric(20, 2) not null default 0,
    effective_from   timestamptz,
    expires_at       timestamptz,
    details          jsonb not null default '{}',
    idempotency_key  text not null,
    request_hash     text not null,
    created_at       timestamptz not null,
    paid_at          timestamptz,
    cancelled_at     timestamptz,
    unique (customer_id, idempotency_key)
);
create index subscription_order_customer on subscription_order (customer_id, id);
create index subscription_order_resource on subscription_order (resource_id, id);

-- One row per prepaid resource: its current spec, term and expiry, and auto-renewal.
create table subscription_subscription (
    resource_id     text primary key,
    customer_id     text not null,
    resource_type   text not null,
    spec_code       text not null,
    region          text not null,
    nodes           integer not null,
    currency        char(3) not null,
    term_unit       text not null,
    term_count      integer not null,
    started_at      timestamptz not null,
    expires_at      timestamptz not null,
    status          text not null check (status in ('ACTIVE', 'EXPIRED', 'UNSUBSCRIBED', 'CONVERTED')),
    auto_renew      boolean not null default false,
    convert_to_ppu  boolean not null default false,
    -- The next automatic renewal attempt (03:00 in the billing zone), claimed by the renewal job.
    next_attempt_at timestamptz
);
create index subscription_due_attempt on subscription_subscription (next_attempt_at) where next_attempt_at is not null;
create index subscription_due_expiry on subscription_subscription (expires_at) where status = 'ACTIVE';

-- What each paid order bought: a stretch of term and the money paid for it (for refunds).
create table subscription_term (
    order_id       bigint primary key references subscription_order (id),
    resource_id    text not null,
    starts_at      timestamptz not null,
    ends_exclusive timestamptz not null,
    term_unit      text not null,
    term_count     integer not null,
    paid_cash      numeric(20, 2) not null,
    paid_credit    numeric(20, 2) not null,
    paid_coupon    numeric(20, 2) not null,
    refunded       boolean not null default false
);
create index subscription_term_resource on subscription_term (resource_id, starts_at);

create table subscription_renewal_attempt (
    id           bigserial primary key,
    resource_id  text not null,
    customer_id  text not null,
    attempted_at timestamptz not null,
    outcome      text not null check (outcome in ('SUCCEEDED', 'FAILED')),
    reason       text,
    order_id     bigint
);
create index subscription_attempt_resource on subscription_renewal_attempt (resource_id, id);

create table subscription_settings (
    customer_id    text primary key,
    deduction_days integer not null check (deduction_days between 0 and 7)
);
