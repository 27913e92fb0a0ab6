-- settlement -----------------------------------------------------------------------------
-- The per-day totals of V27_3 were upserted for every batch of fee records, which cost a fifth of
-- settlement's throughput (BENCHMARKS.md). Now they hold only the days rolled up: the days before
-- rolled_until (its local midnight is rolled_until_start), summed from the per-hour totals in one
-- statement when the day is over (DayTotalsStore.rollUp, after each settlement pass). The insert
-- trigger adds to them only the lines of a day already rolled up (a late usage line, an
-- adjustment); the cost analysis reads the day totals before rolled_until and the per-hour totals
-- after it. A roll-up locks the per-hour totals in share mode, so no fee record is written while
-- it runs and none is missed between the two.
alter table settlement_day_zone add column rolled_until date;
alter table settlement_day_zone add column rolled_until_start timestamptz;
-- Rebuilt at the next start-up (DayTotalsStore.keepDaysIn finds no zone and rolls up every past day).
delete from settlement_day_zone;
truncate settlement_day_total;

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
    -- lines of a day already rolled up (usually none: a comparison per line)
    insert into settlement_day_total as t (customer_id, day, resource_type, billing_mode, enterprise_project, kind,
        currency, region, spec_code, meter, unit, tags, lines, usage_quantity, charged_amount)
    select l.customer_id, settlement_local_day(l.hour_start, z.region_name, z.offset_seconds), l.resource_type,
           l.billing_mode, l.enterprise_project, l.kind, l.currency, l.region, l.spec_code, l.meter, l.unit, l.tags,
           count(*), sum(l.usage_quantity), sum(l.charged_amount)
    from new_lines l join settlement_day_zone z on l.hour_start < z.rolled_until_start
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
    order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
    on conflict (customer_id, day, resource_type, billing_mode, enterprise_project, kind, currency, region, spec_code,
                 meter, unit, tags) do update set
        lines = t.lines + excluded.lines, usage_quantity = t.usage_quantity + excluded.usage_quantity,
        charged_amount = t.charged_amount + excluded.charged_amount;
    return null;
end $$;
