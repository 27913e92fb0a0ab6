-- cost -----------------------------------------------------------------------------------
-- Budgets (issue 10 part 4, docs/cost.md): a cost or usage budget of a customer over a scope
-- (the analysis' filters), reset daily, monthly, quarterly or yearly at midnight in the billing
-- zone, with a fixed amount or one per period, and thresholds on actual or forecast spend. Each
-- budget is a due row (next_check_at), checked hourly by the job runner.
create table cost_budget (
    id            bigserial primary key,
    customer_id   text not null,
    name          text not null,
    measure       text not null check (measure in ('COST', 'USAGE')),
    view          text not null check (view in ('ORIGINAL', 'AMORTIZED')),
    unit          text,
    period        text not null check (period in ('DAILY', 'MONTHLY', 'QUARTERLY', 'YEARLY')),
    amount        numeric(20, 2) check (amount > 0),
    -- per period: the period's first day (yyyy-MM-dd) -> its amount; where absent, amount
    amounts       jsonb not null default '{}',
    filters       jsonb not null default '[]',
    thresholds    jsonb not null,
    next_check_at timestamptz not null,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    unique (customer_id, name),
    check ((measure = 'USAGE') = (unit is not null))
);
create index cost_budget_customer on cost_budget (customer_id, id);
create index cost_budget_due on cost_budget (next_check_at);

-- One alert per budget, period and threshold: a threshold alerts once a period however often
-- the budget is checked (the primary key), and the outbox event is written with the row.
create table cost_budget_alert (
    budget_id     bigint not null references cost_budget (id) on delete cascade,
    period_start  date not null,
    percent       numeric(7, 2) not null,
    basis         text not null check (basis in ('ACTUAL', 'FORECAST')),
    alerted_at    timestamptz not null,
    spend         numeric(24, 8) not null,
    budget_amount numeric(20, 2) not null,
    primary key (budget_id, period_start, percent, basis)
);
