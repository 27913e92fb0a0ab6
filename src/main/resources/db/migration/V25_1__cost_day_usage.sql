-- cost -----------------------------------------------------------------------------------
-- The cost centre's aggregate (issue 10, docs/cost.md): per customer, billed day in the billing
-- zone and every dimension the analysis filters or groups by, the sums of the fee records.
-- Kept by a statement-level trigger in the same transaction as the lines (COPY and INSERT
-- alike), as settlement_hour_total is; settlement never updates or deletes a fee record.
-- A day is the billed hour's day (hour_start, also for an adjustment), so each month's total
-- is its bill's. The billing zone is the application's: cost_settings holds the one the rows
-- were computed in; until the application has written it (its first start after this
-- migration) the trigger counts nothing and the start-up rebuild counts everything.
create table cost_settings (
    id   integer primary key check (id = 1),
    zone text
);
insert into cost_settings (id, zone) values (1, null);

create table cost_day_usage (
    customer_id        text not null,
    day                date not null,
    resource_id        text not null,
    resource_type      text not null,
    region             text not null,
    billing_mode       text not null,
    spec_code          text not null,
    meter              text not null,
    unit               text not null,
    kind               text not null,
    enterprise_project text not null,
    tags               jsonb not null,
    currency           char(3) not null,
    lines              bigint not null,
    usage_quantity     numeric(30, 10) not null,
    list_amount        numeric(24, 8) not null,
    discount_amount    numeric(24, 8) not null,
    charged_amount     numeric(20, 2) not null,
    primary key (customer_id, day, resource_id, meter, kind, billing_mode, spec_code, region, resource_type,
                 enterprise_project, unit, currency, tags)
) with (fillfactor = 80);

-- The day of an instant in a zone: an IANA name, or a fixed offset '+08:00' (read as an interval,
-- east positive; as text PostgreSQL would take it the POSIX way, west positive).
create function cost_day_of(t timestamptz, zone text) returns date language sql immutable as $$
    select case when zone ~ '^[+-][0-9]{2}:[0-9]{2}$' then (t at time zone zone::interval)::date
                else (t at time zone zone)::date end
$$;

create function cost_add_day_usage() returns trigger language plpgsql as $$
declare
    z text;
begin
    select zone into z from cost_settings where id = 1;
    if z is null then
        return null;
    end if;
    insert into cost_day_usage as t
    select customer_id, cost_day_of(hour_start, z), resource_id, resource_type, region, billing_mode, spec_code,
           meter, unit, kind, enterprise_project, tags, currency, count(*), sum(usage_quantity), sum(list_amount),
           sum(discount_amount), sum(charged_amount)
    from new_lines
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
    order by 1, 2, 3, 8, 10, 6, 7, 5, 4, 11, 9, 13, 12
    on conflict (customer_id, day, resource_id, meter, kind, billing_mode, spec_code, region, resource_type,
                 enterprise_project, unit, currency, tags) do update set
        lines = t.lines + excluded.lines, usage_quantity = t.usage_quantity + excluded.usage_quantity,
        list_amount = t.list_amount + excluded.list_amount,
        discount_amount = t.discount_amount + excluded.discount_amount,
        charged_amount = t.charged_amount + excluded.charged_amount;
    return null;
end $$;

create trigger settlement_fee_record_cost_days after insert on settlement_fee_record
    referencing new table as new_lines for each statement execute function cost_add_day_usage();

-- Aligns the aggregate with the application's zone (called at start-up): when cost_settings
-- names another zone (or none), the aggregate is rebuilt from every fee record, new lines held
-- back meanwhile by a share lock. Returns whether it rebuilt.
create function cost_align_zone(wanted text) returns boolean language plpgsql as $$
declare
    stored text;
begin
    select zone into stored from cost_settings where id = 1 for update;
    if stored is not distinct from wanted then
        return false;
    end if;
    lock table settlement_fee_record in share mode;
    delete from cost_day_usage;
    update cost_settings set zone = wanted where id = 1;
    insert into cost_day_usage
    select customer_id, cost_day_of(hour_start, wanted), resource_id, resource_type, region, billing_mode, spec_code,
           meter, unit, kind, enterprise_project, tags, currency, count(*), sum(usage_quantity), sum(list_amount),
           sum(discount_amount), sum(charged_amount)
    from settlement_fee_record
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13;
    return true;
end $$;
