-- catalog --------------------------------------------------------------------------------
-- Usage meters: what a platform measures and reports as usage records (object storage,
-- requests, traffic, notifications, logs, tokens, file storage capacity ...).
create table catalog_meter (
    code           text primary key,
    resource_type  text not null references catalog_resource_type (code),
    name           text not null,
    -- What the reported quantity is in (e.g. "GB", "request", "byte", "token").
    quantity_unit  text not null,
    -- What the price is per (e.g. "GB-month", "1,000 requests", "GB", "1,000 tokens").
    price_unit     text not null,
    -- COUNT: the quantity itself; QUANTITY_TIME: quantity x window seconds / period_seconds.
    measure        text not null check (measure in ('COUNT', 'QUANTITY_TIME')),
    period_seconds bigint check (period_seconds is null or period_seconds > 0),
    -- Quantities per price unit: 1,000 requests, 1,000,000,000 bytes in a GB, 1,000 tokens.
    unit_size      numeric(30, 10) not null check (unit_size > 0),
    -- A started hour counts as a whole hour (file storage).
    round_up_hours boolean not null default false,
    check ((measure = 'QUANTITY_TIME') = (period_seconds is not null))
);

-- Versioned prices of a meter: flat, graduated tiers or volume tiers, and a monthly free quota
-- (in price units) per customer.
create table catalog_meter_price (
    id             bigserial primary key,
    meter_code     text not null references catalog_meter (code),
    region         text not null,
    currency       char(3) not null,
    model          text not null check (model in ('FLAT', 'GRADUATED', 'VOLUME')),
    -- [{"upTo": "100", "unitPrice": "0.5"}, {"upTo": null, "unitPrice": "0.4"}], upTo in price units.
    tiers          jsonb not null,
    free_quota     numeric(30, 10) not null default 0 check (free_quota >= 0),
    effective_from timestamptz not null,
    version        integer not null,
    published_at   timestamptz not null,
    unique (meter_code, region, currency, version),
    unique (meter_code, region, currency, effective_from)
);
