-- cost -----------------------------------------------------------------------------------
-- Anomaly monitors and the anomalies they found (issue 10 part 5, docs/cost.md). A monitor
-- watches every service of a customer (each on its own), one enterprise project, one tag value
-- or one cost category value; it is a due row checked once a day, after the day's last hour is
-- settled.
create table cost_anomaly_monitor (
    id            bigserial primary key,
    customer_id   text not null,
    name          text not null,
    scope         text not null check (scope in ('SERVICES', 'PROJECT', 'TAG', 'CATEGORY')),
    tag_key       text,
    value         text,
    growth_percent numeric(7, 2) not null check (growth_percent > 0),
    next_check_at timestamptz not null,
    created_at    timestamptz not null,
    unique (customer_id, name),
    check ((scope = 'SERVICES') = (value is null)),
    -- a TAG monitor's key, a CATEGORY monitor's category name
    check ((scope in ('TAG', 'CATEGORY')) = (tag_key is not null))
);
create index cost_anomaly_monitor_due on cost_anomaly_monitor (next_check_at);

-- An anomaly: consecutive days of one monitor, group (the service, or the scope) and rule, with
-- the sum of the days' excess (the cost impact) and the worst severity; an open one grows by a
-- day while the next day is anomalous too.
create table cost_anomaly (
    id          bigserial primary key,
    monitor_id  bigint not null references cost_anomaly_monitor (id) on delete cascade,
    customer_id text not null,
    group_key   text not null,
    rule        text not null check (rule in ('PAY_PER_USE', 'YEARLY_MONTHLY')),
    first_day   date not null,
    last_day    date not null,
    severity    text not null check (severity in ('MINOR', 'MAJOR', 'CRITICAL')),
    impact      numeric(24, 8) not null,
    actual      numeric(24, 8) not null,
    expected    numeric(24, 8) not null,
    status      text not null check (status in ('OPEN', 'CONFIRMED', 'DISMISSED')),
    detected_at timestamptz not null,
    updated_at  timestamptz not null
);
create index cost_anomaly_customer on cost_anomaly (customer_id, id);
create unique index cost_anomaly_day on cost_anomaly (monitor_id, group_key, rule, last_day);
