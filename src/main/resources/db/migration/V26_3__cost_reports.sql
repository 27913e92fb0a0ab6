-- cost -----------------------------------------------------------------------------------
-- Saved cost reports (issue 10 part 1): a named analysis question of a customer, kept as the API
-- writes it (a preset stays relative: "last 30 days" is the last 30 days whenever it is run).
create table cost_report (
    id          bigserial primary key,
    customer_id text not null,
    name        text not null,
    request     jsonb not null,
    created_at  timestamptz not null,
    unique (customer_id, name)
);
