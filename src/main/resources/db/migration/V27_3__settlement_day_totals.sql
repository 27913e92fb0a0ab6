-- settlement -----------------------------------------------------------------------------
-- Per-day totals for the cost centre (issue 10 part 8, docs/cost.md): the per-hour totals (V25_1)
-- summed by the day in the billing zone, so a month of cost analysis reads 31 groups of rows
-- instead of 744. The zone is the application's (tollgate.billing.zone): it is written here at
-- start-up, and the day totals are rebuilt from the hour totals whenever it changes. A fixed
-- offset is kept as seconds (PostgreSQL reads an offset written as text the POSIX way, inverted),
-- a region by its name.
create table settlement_day_zone (
    only_row       boolean primary key default true check (only_row),
    zone           text not null,
    region_name    text,
    offset_seconds integer,
    check ((region_name is null) <> (offset_seconds is null))
);

create table settlement_day_total (
    customer_id        text not null,
    day                date not null,
    resource_type      text not null,
    billing_mode       text not null,
    enterprise_project text not null,
    kind               text not null,
    currency           char(3) not null,
    region             text not null,
    spec_code          text not null,
    meter              text not null,
    unit               text not null,
    tags               jsonb not null,
    lines              bigint not null,
    usage_quantity     numeric(30, 10) not null,
    charged_amount     numeric(20, 2) not null,
    primary key (customer_id, day, resource_type, billing_mode, enterprise_project, kind, currency, region, spec_code,
        meter, unit, tags)
);

-- The day an instant falls on in a zone given by region name or by fixed offset.
create function settlement_local_day(at timestamptz, region_name text, offset_seconds integer) returns date
    language sql stable as $$
    select (case when region_name is null then at at time zone make_interval(secs => offset_seconds)
                 else at at time zone region_name end)::date
$$;

create or replace function settlement_add_hour_totals() returns trigger language plpgsql as $$
begin
    insert into settlement_hour_total as t (customer_id, hour_start, resource_type, billing_mode, enterprise_project,
        kind, currency, region, spec_code, meter, unit, tags, lines, usage_quantity, list_amount, discount_amount,
        amount, charged_amount, truncated_amount, cash_amount, credit_amount, coupon_amount, arrears_amount)
    select customer_id, hour_start, resource_type, billing_mode, enterprise_project, kind, currency, region, spec_code,
           meter, unit, tags, count(*), sum(usage_quantity), sum(list_amount), sum(discount_amount), sum(amount),
           sum(charged_amount), sum(truncated_amount), sum(cash_amount), sum(credit_amount), sum(coupon_amount),
           sum(arrears_amount)
    from new_lines
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
    order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
    on conflict (customer_id, hour_start, resource_type, billing_mode, enterprise_project, kind, currency, region,
                 spec_code, meter, unit, tags) do update set
        lines = t.lines + excluded.lines, usage_quantity = t.usage_quantity + excluded.usage_quantity,
        list_amount = t.list_amount + excluded.list_amount,
        discount_amount = t.discount_amount + excluded.discount_amount, amount = t.amount + excluded.amount,
        charged_amount = t.charged_amount + excluded.charged_amount,
        truncated_amount = t.truncated_amount + excluded.truncated_amount,
        cash_amount = t.cash_amount + excluded.cash_amount, credit_amount = t.credit_amount + excluded.credit_amount,
        coupon_amount = t.coupon_amount + excluded.coupon_amount,
        arrears_amount = t.arrears_amount + excluded.arrears_amount;
    -- the same lines by day in the billing zone (nothing before the application wrote its zone)
    insert into settlement_day_total as t (customer_id, day, resource_type, billing_mode, enterprise_project, kind,
        currency, region, spec_code, meter, unit, tags, lines, usage_quantity, charged_amount)
    select l.customer_id, settlement_local_day(l.hour_start, z.region_name, z.offset_seconds), l.resource_type,
           l.billing_mode, l.enterprise_project, l.kind, l.currency, l.region, l.spec_code, l.meter, l.unit, l.tags,
           count(*), sum(l.usage_quantity), sum(l.charged_amount)
    from new_lines l cross join settlement_day_zone z
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
    order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
    on conflict (customer_id, day, resource_type, billing_mode, enterprise_project, kind, currency, region, spec_code,
                 meter, unit, tags) do update set
        lines = t.lines + excluded.lines, usage_quantity = t.usage_quantity + excluded.usage_quantity,
        charged_amount = t.charged_amount + excluded.charged_amount;
    return null;
end $$;
