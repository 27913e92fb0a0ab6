-- metering -------------------------------------------------------------------------------
-- Resource packages (billing-rules.md section 3): prepaid quotas of one meter, in its price
-- units, consumed after the monthly free quota and before pay-per-use, the one expiring first
-- first. A MONTHLY quota renews every month from starts_at, without carry-over; a TOTAL quota
-- lasts from starts_at to expires_at. Packages are granted by the operator and never refunded or
-- shortened: rows are never updated or deleted.
create table metering_package (
    id           text primary key,
    customer_id  text not null,
    meter        text not null,
    name         text not null,
    quota        numeric(38, 10) not null check (quota > 0),
    period       text not null check (period in ('MONTHLY', 'TOTAL')),
    starts_at    timestamptz not null,
    expires_at   timestamptz not null,
    granted_at   timestamptz not null,
    -- The fingerprint of the grant request: the same id with the same content is a replay.
    request_hash text not null,
    check (expires_at > starts_at)
);
create index metering_package_customer_meter on metering_package (customer_id, meter, expires_at);

-- What each period of a package has given, in the meter's price units. A period starts at
-- starts_at (TOTAL, and the first month of MONTHLY) or a whole number of months after it.
create table metering_package_usage (
    package_id   text not null references metering_package (id),
    period_start timestamptz not null,
    consumed     numeric(38, 10) not null check (consumed >= 0),
    primary key (package_id, period_start)
);
