-- Tollgate foundation schema. Every table is prefixed by the domain that owns it; a domain
-- never reads another domain's tables (checked by DomainBoundariesTest).

-- catalog --------------------------------------------------------------------------------
create table catalog_service_type (
    code text primary key,
    name text not null
);

create table catalog_resource_type (
    code           text primary key,
    service_type   text not null references catalog_service_type (code),
    name           text not null,
    -- RUNTIME bills while running; CAPACITY bills while the resource exists.
    metering       text not null check (metering in ('RUNTIME', 'CAPACITY')),
    spec_kind      text not null check (spec_kind in ('COMPUTE', 'STORAGE')),
    -- A notebook carries a disk that bills from creation until deletion, also while stopped.
    disk_spec_code text,
    disk_gb        integer check (disk_gb is null or disk_gb > 0)
);

create table catalog_spec (
    code                  text primary key,
    service_type          text not null references catalog_service_type (code),
    kind                  text not null check (kind in ('COMPUTE', 'STORAGE')),
    name                  text not null,
    vcpus                 integer check (vcpus is null or vcpus > 0),
    memory_gib            integer check (memory_gib is null or memory_gib > 0),
    gpu_model             text,
    -- A GPU share is a fraction of cards: 1/7 of a card is 1 over 7, eight cards are 8 over 1.
    gpu_cards_numerator   integer check (gpu_cards_numerator is null or gpu_cards_numerator > 0),
    gpu_cards_denominator integer check (gpu_cards_denominator is null or gpu_cards_denominator > 0),
    npu_model             text,
    npu_count             integer check (npu_count is null or npu_count > 0),
    created_at            timestamptz not null,
    check ((gpu_model is null) = (gpu_cards_numerator is null)
       and (gpu_cards_numerator is null) = (gpu_cards_denominator is null)),
    check ((npu_model is null) = (npu_count is null))
);

create table catalog_price (
    id             bigserial primary key,
    spec_code      text not null references catalog_spec (code),
    region         text not null,
    billing_mode   text not null check (billing_mode in ('PAY_PER_USE', 'YEARLY_MONTHLY')),
    unit           text not null check (unit in ('HOUR', 'GB_HOUR')),
    unit_price     numeric(24, 10) not null check (unit_price >= 0),
    currency       char(3) not null,
    effective_from timestamptz not null,
    version        integer not null check (version > 0),
    published_at   timestamptz not null,
    unique (spec_code, region, billing_mode, currency, version),
    unique (spec_code, region, billing_mode, currency, effective_from)
);

-- customer -------------------------------------------------------------------------------
create table customer_customer (
    id         text primary key,
    name       text not null,
    currency   char(3) not null,
    level      text not null,
    created_at timestamptz not null
);

create table customer_api_key (
    key_hash    text primary key,
    key_prefix  text not null,
    role        text not null check (role in ('OPERATOR', 'PLATFORM', 'CUSTOMER_ADMIN', 'CUSTOMER_FINANCE')),
    customer_id text references customer_customer (id),
    label       text not null,
    created_at  timestamptz not null,
    check ((role in ('OPERATOR', 'PLATFORM')) = (customer_id is null))
);

-- resource -------------------------------------------------------------------------------
create table resource_resource (
    id                 text primary key,
    customer_id        text not null,
    resource_type      text not null,
    spec_code          text not null,
    region             text not null,
    billing_mode       text not null,
    nodes              integer not null check (nodes > 0),
    -- Capacity resources (disks, shares) bill by size; compute resources by nodes.
    size_gb            integer check (size_gb is null or size_gb > 0),
    disk_spec_code     text,
    disk_gb            integer,
    enterprise_project text not null,
    tags               jsonb not null,
    state              text not null check (state in ('RUNNING', 'STOPPED', 'DELETED')),
    created_at         timestamptz not null,
    deleted_at         timestamptz,
    last_event_at      timestamptz not null
);
create index resource_resource_customer on resource_resource (customer_id);

create table resource_event (
    event_id     text primary key,
    resource_id  text not null references resource_resource (id),
    customer_id  text not null,
    type         text not null,
    occurred_at  timestamptz not null,
    request_hash text not null,
    recorded_at  timestamptz not null
);
create index resource_event_resource on resource_event (resource_id, occurred_at);

-- A segment is a stretch of time during which one meter of a resource bills a constant
-- quantity (nodes or GB) of one spec. An open segment has no end yet.
create table resource_segment (
    resource_id text not null references resource_resource (id),
    seq         integer not null,
    meter       text not null check (meter in ('COMPUTE', 'DISK', 'STORAGE')),
    spec_code   text not null,
    quantity    integer not null check (quantity > 0),
    started_at  timestamptz not null,
    ended_at    timestamptz,
    primary key (resource_id, seq),
    check (ended_at is null or ended_at >= started_at)
);
create index resource_segment_open on resource_segment (resource_id) where ended_at is null;

-- ledger ---------------------------------------------------------------------------------
create table ledger_account (
    id          bigserial primary key,
    -- Platform accounts (revenue, funding) belong to the owner '#platform'.
    owner       text not null,
    kind        text not null check (kind in ('CASH', 'ARREARS', 'REVENUE', 'FUNDING')),
    currency    char(3) not null,
    -- A cache of the sum of this account's postings, kept in the same transaction and checked
    -- against that sum by the test-side auditor.
    balance     numeric(20, 2) not null default 0,
    unique (owner, kind, currency)
);

create table ledger_entry (
    id            bigserial primary key,
    customer_id   text not null,
    reason        text not null check (reason in ('TOPUP', 'USAGE', 'ADJUSTMENT')),
    business_time timestamptz not null,
    recorded_at   timestamptz not null,
    reference     text,
    reverses      bigint references ledger_entry (id)
);
create index ledger_entry_customer on ledger_entry (customer_id, business_time, id);

create table ledger_posting (
    entry_id   bigint not null references ledger_entry (id),
    account_id bigint not null references ledger_account (id),
    amount     numeric(20, 2) not null,
    primary key (entry_id, account_id)
);
create index ledger_posting_account on ledger_posting (account_id);

create table ledger_idempotency (
    customer_id     text not null,
    idempotency_key text not null,
    request_hash    text not null,
    entry_id        bigint not null references ledger_entry (id),
    primary key (customer_id, idempotency_key)
);

-- The journal is append-only: corrections are new, reversing entries.
create function ledger_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'the ledger is append-only: % on % refused', tg_op, tg_table_name;
end $$;
create trigger ledger_entry_append_only before update or delete on ledger_entry
    for each row execute function ledger_refuse_change();
create trigger ledger_posting_append_only before update or delete on ledger_posting
    for each row execute function ledger_refuse_change();

-- settlement -----------------------------------------------------------------------------
-- The next clock hour to settle for each resource. A row is claimed with FOR UPDATE SKIP LOCKED,
-- so two instances never settle the same resource-hour; the unique key on fee records backs it.
create table settlement_schedule (
    resource_id text primary key,
    customer_id text not null,
    next_hour   timestamptz not null,
    -- false once the resource has nothing open: no work until the next lifecycle event.
    active      boolean not null
);
create index settlement_schedule_due on settlement_schedule (next_hour) where active;

create table settlement_fee_record (
    id                 bigserial primary key,
    customer_id        text not null,
    resource_id        text not null,
    resource_type      text not null,
    meter              text not null,
    spec_code          text not null,
    region             text not null,
    billing_mode       text not null,
    hour_start         timestamptz not null,
    line_no            smallint not null,
    period_start       timestamptz not null,
    period_end         timestamptz not null,
    usage_seconds      integer not null check (usage_seconds between 1 and 3600),
    quantity           integer not null,
    usage_quantity     numeric(24, 10) not null,
    unit               text not null,
    unit_price         numeric(24, 10) not null,
    price_id           bigint not null,
    price_version      integer not null,
    currency           char(3) not null,
    list_amount        numeric(24, 8) not null,
    discount_amount    numeric(24, 8) not null,
    amount             numeric(24, 8) not null,
    charged_amount     numeric(20, 2) not null,
    truncated_amount   numeric(24, 8) not null,
    cash_amount        numeric(20, 2) not null,
    arrears_amount     numeric(20, 2) not null,
    enterprise_project text not null,
    tags               jsonb not null,
    entry_id           bigint,
    settled_at         timestamptz not null,
    unique (resource_id, hour_start, line_no),
    check (cash_amount + arrears_amount = charged_amount)
);
create index settlement_fee_record_customer on settlement_fee_record (customer_id, hour_start, id);
