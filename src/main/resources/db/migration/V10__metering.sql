-- metering -------------------------------------------------------------------------------
-- Every accepted usage record, kept for deduplication by record id (at least 35 days; the
-- rows are never rewritten).
create table metering_record (
    record_id    text primary key,
    content_hash text not null,
    customer_id  text not null,
    resource_id  text not null,
    meter        text not null,
    quantity     numeric(38, 10) not null,
    window_start timestamptz not null,
    window_end   timestamptz not null,
    received_at  timestamptz not null
);
create index metering_record_received on metering_record (received_at);

-- A record rated on arrival: its cost shows at once; hourly settlement deducts it later. Late
-- records (their hour was already settled) are settled in the open hour as adjustments that
-- name the hour they belong to.
create table metering_usage_line (
    id                 bigserial primary key,
    record_id          text not null unique references metering_record (record_id),
    customer_id        text not null,
    resource_id        text not null,
    resource_type      text not null,
    meter              text not null,
    region             text not null,
    usage_hour         timestamptz not null,
    billing_hour       timestamptz not null,
    adjustment         boolean not null,
    quantity           numeric(38, 10) not null,
    free_quantity      numeric(38, 10) not null,
    package_quantity   numeric(38, 10) not null,
    billable_quantity  numeric(38, 10) not null,
    price_unit         text not null,
    price_id           bigint not null,
    price_version      integer not null,
    currency           char(3) not null,
    amount             numeric(24, 8) not null,
    enterprise_project text not null,
    tags               jsonb not null,
    attributes         jsonb not null,
    received_at        timestamptz not null,
    settled            boolean not null default false
);
create index metering_usage_line_unsettled on metering_usage_line (billing_hour) where not settled;
create index metering_usage_line_customer on metering_usage_line (customer_id, id);

-- The month's usage of a meter per customer, in price units: all of it, and what was billed
-- beyond the free quota and packages (the position in the tiers).
create table metering_month_usage (
    customer_id text not null,
    meter       text not null,
    month       date not null,
    used        numeric(38, 10) not null,
    billed      numeric(38, 10) not null,
    primary key (customer_id, meter, month)
);

-- Hours before this instant are settled for usage lines; a record for an earlier hour is late.
create table metering_watermark (
    id              smallint primary key check (id = 1),
    settled_through timestamptz not null
);
