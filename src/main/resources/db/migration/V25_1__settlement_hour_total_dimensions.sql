-- settlement -----------------------------------------------------------------------------
-- The per-hour totals (V21_1) become the cost centre's aggregate too (issue 10, docs/cost.md):
-- their key gains region, spec, meter, unit and tags, and they sum usage quantities, so cost
-- analysis groups and filters by every dimension but the single resource without reading fee
-- lines. One trigger keeps them, in the transaction of the lines, as before. (A second aggregate
-- per resource and day was measured to cost settlement a third of its throughput, one upsert per
-- line; this one writes a group per customer, hour and dimensions.)
drop trigger settlement_fee_record_totals on settlement_fee_record;
drop function settlement_add_hour_totals();
truncate settlement_hour_total;
alter table settlement_hour_total drop constraint settlement_hour_total_pkey;
alter table settlement_hour_total add column region text not null;
alter table settlement_hour_total add column spec_code text not null;
alter table settlement_hour_total add column meter text not null;
alter table settlement_hour_total add column unit text not null;
alter table settlement_hour_total add column tags jsonb not null;
alter table settlement_hour_total add column usage_quantity numeric(30, 10) not null;
alter table settlement_hour_total add primary key (customer_id, hour_start, resource_type, billing_mode,
    enterprise_project, kind, currency, region, spec_code, meter, unit, tags);

create function settlement_add_hour_totals() returns trigger language plpgsql as $$
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
    return null;
end $$;

create trigger settlement_fee_record_totals after insert on settlement_fee_record
    referencing new table as new_lines for each statement execute function settlement_add_hour_totals();

insert into settlement_hour_total (customer_id, hour_start, resource_type, billing_mode, enterprise_project, kind,
    currency, region, spec_code, meter, unit, tags, lines, usage_quantity, list_amount, discount_amount, amount,
    charged_amount, truncated_amount, cash_amount, credit_amount, coupon_amount, arrears_amount)
select customer_id, hour_start, resource_type, billing_mode, enterprise_project, kind, currency, region, spec_code,
       meter, unit, tags, count(*), sum(usage_quantity), sum(list_amount), sum(discount_amount), sum(amount),
       sum(charged_amount), sum(truncated_amount), sum(cash_amount), sum(credit_amount), sum(coupon_amount),
       sum(arrears_amount)
from settlement_fee_record
group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;
