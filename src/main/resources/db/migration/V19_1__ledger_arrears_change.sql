-- ledger ---------------------------------------------------------------------------------
-- A customer fell into arrears (a charge cash and credit could not cover) or out of them (a
-- top-up or refund that paid them off), written in the transaction of that money move. What
-- follows (grace, restoring frozen resources) runs afterwards in its own transaction, from one
-- place (the job runner, and right after a top-up): rows are only ever inserted by money moves
-- and claimed with SKIP LOCKED, so a money move never waits on the lifecycle, and the lifecycle
-- never holds a ledger lock while it locks resources and schedules.
create table ledger_arrears_change (
    id          bigserial primary key,
    customer_id text not null,
    in_arrears  boolean not null,
    at          timestamptz not null
);
create index ledger_arrears_change_customer on ledger_arrears_change (customer_id, id);
