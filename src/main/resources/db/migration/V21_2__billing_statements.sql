-- Monthly statements (issue 9): one per customer and billing month, finalised on the statement
-- day once the month's last settlement is done; immutable like the ledger journal.
create table billing_statement (
    id              bigserial primary key,
    number          text not null unique,
    customer_id     text not null,
    month           date not null,
    currency        char(3) not null,
    period_start    timestamptz not null,
    period_end      timestamptz not null,
    opening_balance numeric(20, 2) not null,
    charges         numeric(20, 2) not null,
    payments        numeric(20, 2) not null,
    refunds         numeric(20, 2) not null,
    adjustments     numeric(20, 2) not null,
    closing_balance numeric(20, 2) not null,
    arrears         numeric(20, 2) not null,
    -- The month summary's totals when it was finalised (amount due = list - discount - truncated).
    lines           bigint not null,
    list_amount     numeric(24, 8) not null,
    discount_amount numeric(24, 8) not null,
    truncated_amount numeric(24, 8) not null,
    amount_due      numeric(20, 2) not null,
    finalised_at    timestamptz not null,
    unique (customer_id, month),
    check (opening_balance - charges + payments + refunds + adjustments = closing_balance)
);

create function billing_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'a finalised statement is immutable: % on % refused', tg_op, tg_table_name;
end $$;
create trigger billing_statement_immutable before update or delete on billing_statement
    for each row execute function billing_refuse_change();

-- A month whose statements are all written (every customer created before its end has one): the
-- finalisation job skips it.
create table billing_statement_month (
    month        date primary key,
    completed_at timestamptz not null
);
