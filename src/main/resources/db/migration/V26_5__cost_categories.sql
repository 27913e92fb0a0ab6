-- cost -----------------------------------------------------------------------------------
-- Cost categories (issue 10 part 3, docs/cost.md): a customer's named mapping of costs to
-- category values by ordered rules over the analysis' dimensions; what no rule matches takes the
-- default value ("unallocated" unless named). Evaluated when the analysis is asked, so a changed
-- rule applies to every period asked after the change.
create table cost_category (
    id            bigserial primary key,
    customer_id   text not null,
    name          text not null,
    rules         jsonb not null,
    default_value text not null,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    unique (customer_id, name)
);

-- Shared-cost split rules of a category: each takes the costs matching its source (a dimension's
-- values: a dedicated pool, a bucket, a package) from their own value and splits them among
-- target values, EVEN, PROPORTIONAL to the targets' own cost in the same period, or by FIXED
-- percentages; the parts add up exactly to the source, to the cent.
alter table cost_category add column splits jsonb not null default '[]';
