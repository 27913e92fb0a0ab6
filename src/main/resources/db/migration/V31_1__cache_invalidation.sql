-- Caches of committed rows (io.tollgate.caching, issue 14): every update or delete of a cached
-- table's row announces its key on the channel tollgate_cache (payload 'cache:key'), a truncate
-- the whole table (payload 'cache'). NOTIFY is delivered when the transaction commits, to every
-- listening instance, and never for a rolled-back one; changes made by hand in SQL are announced too.
create function tollgate_cache_announce() returns trigger language plpgsql as $$
declare
    old_key text;
    new_key text;
begin
    if tg_level = 'STATEMENT' then
        perform pg_notify('tollgate_cache', tg_argv[0]);
        return null;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        old_key := to_jsonb(old) ->> tg_argv[1];
        perform pg_notify('tollgate_cache', tg_argv[0] || ':' || old_key);
    end if;
    if tg_op = 'UPDATE' then
        new_key := to_jsonb(new) ->> tg_argv[1];
        if new_key is distinct from old_key then
            perform pg_notify('tollgate_cache', tg_argv[0] || ':' || new_key);
        end if;
    end if;
    return null;
end $$;

create trigger customer_customer_cache after update or delete on customer_customer
    for each row execute function tollgate_cache_announce('customer', 'id');
create trigger customer_customer_cache_truncate after truncate on customer_customer
    for each statement execute function tollgate_cache_announce('customer');
create trigger resource_resource_cache after update or delete on resource_resource
    for each row execute function tollgate_cache_announce('resource', 'id');
create trigger resource_resource_cache_truncate after truncate on resource_resource
    for each statement execute function tollgate_cache_announce('resource');
create trigger customer_api_key_cache after update or delete on customer_api_key
    for each row execute function tollgate_cache_announce('api-key', 'key_hash');
create trigger customer_api_key_cache_truncate after truncate on customer_api_key
    for each statement execute function tollgate_cache_announce('api-key');
