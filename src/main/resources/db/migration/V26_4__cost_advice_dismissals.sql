-- cost -----------------------------------------------------------------------------------
-- Optimization advice is computed when asked (issue 10 part 7); what a customer dismissed is
-- kept by the advice's stable key (prepaid:<resource>, stopped-disk:<resource>, package:<id>).
create table cost_advice_dismissal (
    customer_id  text not null,
    advice_key   text not null,
    dismissed_at timestamptz not null,
    primary key (customer_id, advice_key)
);
