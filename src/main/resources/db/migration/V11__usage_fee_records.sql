-- settlement -----------------------------------------------------------------------------
-- Fee records also settle rated usage (per resource, meter and hour): they say what kind of
-- line they are, which hour an adjustment corrects, and how much the free quota and packages
-- covered. Usage lines have no seconds of their own (0).
alter table settlement_fee_record add column kind text not null default 'USAGE'
    check (kind in ('USAGE', 'ADJUSTMENT'));
alter table settlement_fee_record add column adjusts_hour timestamptz;
alter table settlement_fee_record add column free_quantity numeric(38, 10) not null default 0;
alter table settlement_fee_record add column package_quantity numeric(38, 10) not null default 0;
alter table settlement_fee_record alter column usage_quantity type numeric(38, 10);
do $$
declare
    c record;
begin
    for c in select conname from pg_constraint
             where conrelid = 'settlement_fee_record'::regclass and contype = 'c'
               and pg_get_constraintdef(oid) like '%usage_seconds%' loop
        execute format('alter table settlement_fee_record drop constraint %I', c.conname);
    end loop;
end $$;
alter table settlement_fee_record add constraint settlement_fee_record_seconds
    check (usage_seconds between 0 and 3600);
alter table settlement_fee_record add constraint settlement_fee_record_adjustment
    check ((kind = 'ADJUSTMENT') = (adjusts_hour is not null));
