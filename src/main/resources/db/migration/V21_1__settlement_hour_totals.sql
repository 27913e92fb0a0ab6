-- The month summary's aggregate (issue 9): per customer, billed hour and the summary's keys, the
-- sums of the fee records, kept by a statement-level trigger in the same transaction as the
-- lines (COPY and INSERT alike), so a month of a million lines sums about 720 x keys rows.
-- Keyed by the billed hour (not a month) so no time zone is written into SQL: a month is the
-- range of its hours in the billing zone. Settlement never updates or deletes a fee record.
create table settlement_hour_total (
    customer_id        text not null,
    hour_start         timestamptz not null,
    resource_type      text not null,
    billing_mode       text not null,
    enterprise_project text not null,
    kind               text not null,
    currency           char(3) not null,
    lines              bigint not null,
    list_amount        numeric(24, 8) not null,
    discount_amount    numeric(24, 8) not null,
    amount             numeric(24, 8) not null,
    charged_amount     numeric(20, 2) not null,
    truncated_amount   numeric(24, 8) not null,
    cash_amount        numeric(20, 2) not null,
    credit_amount      numeric(20, 2) not null,
    coupon_amount      numeric(20, 2) not null,
    arrears_amount     numeric(20, 2) not null,
    primary key (customer_id, hour_start, resource_type, billing_mode, enterprise_project, kind, currency)
);

create function settlement_add_hour_totals() returns trigger language plpgsql as $$
begin
    insert into settlement_hour_total as t
    select customer_id, hour_start, resource_type, billing_mode, enterprise_project, kind, currency, count(*),
           sum(list_amount), sum(discount_amount), sum(amount), sum(charged_amount), sum(truncated_amount),
           sum(cash_amount), sum(credit_amount), sum(coupon_amount), sum(arrears_amount)
    from new_lines
    group by customer_id, hour_start, resource_type, billing_mode, enterprise_project, kind, currency
    order by 1, 2, 3, 4, 5, 6, 7
    on conflict (customer_id, hour_start, resource_type, billing_mode, enterprise_project, kind, currency) do update set
        lines = t.lines + excluded.lines, list_amount = t.list_amount + excluded.list_amount,
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

insert into settlement_hour_total
select customer_id, hour_start, resource_type, billing_mode, enterprise_project, kind, currency, count(*),
       sum(list_amount), sum(discount_amount), sum(amount), sum(charged_amount), sum(truncated_amount),
       sum(cash_amount), sum(credit_amount), sum(coupon_amount), sum(arrears_amount)
from settlement_fee_record
group by customer_id, hour_start, resource_type, billing_mode, enterprise_project, kind, currency;

-- A finalised statement closes its month for the customer's lines: no fee record may be billed
-- in an hour before closed_before (late data is billed in the open hour as an adjustment).
create table settlement_closed_month (
    customer_id   text primary key,
    closed_before timestamptz not null
);

create function settlement_refuse_closed_month() returns trigger language plpgsql as $$
begin
    if exists (select 1 from new_lines n join settlement_closed_month c on c.customer_id = n.customer_id
               where n.hour_start < c.closed_before) then
        raise exception 'a fee record was billed into a month whose statement is final' using errcode = 'P0001';
    end if;
    return null;
end $$;
create trigger settlement_fee_record_open_month after insert on settlement_fee_record
    referencing new table as new_lines for each statement execute function settlement_refuse_closed_month();
