-- Prepaid (yearly/monthly) catalog: prices per month and per year of term, and which resource
-- types may be bought that way.

-- catalog --------------------------------------------------------------------------------
-- A spec now has, in the YEARLY_MONTHLY mode, a MONTH price and a YEAR price (GB_MONTH and
-- GB_YEAR for storage), each versioned on its own: the unit joins the keys of a price.
alter table catalog_price drop constraint catalog_price_unit_check;
alter table catalog_price add constraint catalog_price_unit
    check (unit in ('HOUR', 'GB_HOUR', 'MONTH', 'YEAR', 'GB_MONTH', 'GB_YEAR'));
-- Pay-per-use prices are per hour, prepaid ones per month or year. NOT VALID: only rows written
-- from now on are checked, so a database holding an older prepaid price per HOUR still migrates.
alter table catalog_price add constraint catalog_price_unit_of_mode
    check ((billing_mode = 'PAY_PER_USE') = (unit in ('HOUR', 'GB_HOUR'))) not valid;

-- The two unique keys of V1 (spec, region, mode, currency, version | effective_from) had
-- generated names; drop them whatever they are called and key them by unit as well.
do $$
declare
    c record;
begin
    for c in select conname from pg_constraint
             where conrelid = 'catalog_price'::regclass and contype = 'u' loop
        execute format('alter table catalog_price drop constraint %I', c.conname);
    end loop;
end $$;
alter table catalog_price add constraint catalog_price_version_key
    unique (spec_code, region, billing_mode, currency, unit, version);
alter table catalog_price add constraint catalog_price_effective_from_key
    unique (spec_code, region, billing_mode, currency, unit, effective_from);

-- Whether a resource type may be bought yearly/monthly (dedicated pools, Lite Server, Lite
-- Cluster) or is pay-per-use only (notebooks, jobs and services on public pools). A disk
-- belonging to a pool follows the pool's mode whatever its own type says.
alter table catalog_resource_type add column prepaid_allowed boolean not null default false;
update catalog_resource_type set prepaid_allowed = true
 where code in ('modelarts.pool', 'modelarts.lite-server', 'modelarts.lite-cluster');
