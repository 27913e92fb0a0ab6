-- cost -----------------------------------------------------------------------------------
-- Every saved version of a cost category (docs/cost.md): a month is allocated by the version in
-- force at its end (the latest saved before the next month began), so changing a category
-- re-allocates the open month only; a month that ended before the category's first version is
-- allocated by that first version.
create table cost_category_version (
    customer_id   text not null,
    name          text not null,
    saved_at      timestamptz not null,
    rules         jsonb not null,
    splits        jsonb not null,
    default_value text not null,
    primary key (customer_id, name, saved_at)
);
insert into cost_category_version (customer_id, name, saved_at, rules, splits, default_value)
select customer_id, name, updated_at, rules, splits, default_value from cost_category;
