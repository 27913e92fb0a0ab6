-- customer -------------------------------------------------------------------------------
-- Enterprise projects (issue 10 part 3, docs/cost.md): a customer's own projects, to which its
-- resources belong; "default" always exists and needs no row. A project named by the platform in
-- a resource event is registered as it is first seen, so the list holds every project in use.
create table customer_enterprise_project (
    customer_id text not null,
    name        text not null,
    description text,
    created_at  timestamptz not null,
    primary key (customer_id, name)
);
insert into customer_enterprise_project (customer_id, name, description, created_at)
select customer_id, enterprise_project, null, min(created_at) from resource_resource
where enterprise_project <> 'default' group by 1, 2
on conflict do nothing;
