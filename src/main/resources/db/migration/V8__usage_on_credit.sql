-- settlement -----------------------------------------------------------------------------
-- Pay-per-use fees are paid from cash, then credit, then left as arrears (billing-rules.md 7):
-- each fee line records its credit part too.
alter table settlement_fee_record add column credit_amount numeric(20, 2) not null default 0;
do $$
declare
    c record;
begin
    for c in select conname from pg_constraint
             where conrelid = 'settlement_fee_record'::regclass and contype = 'c'
               and pg_get_constraintdef(oid) like '%cash_amount%' loop
        execute format('alter table settlement_fee_record drop constraint %I', c.conname);
    end loop;
end $$;
alter table settlement_fee_record add constraint settlement_fee_record_parts
    check (cash_amount + credit_amount + arrears_amount = charged_amount);
