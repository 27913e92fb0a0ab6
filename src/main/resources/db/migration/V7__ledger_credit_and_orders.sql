-- ledger ---------------------------------------------------------------------------------
alter table ledger_account drop constraint ledger_account_kind_check;
alter table ledger_account add constraint ledger_account_kind_check
    check (kind in ('CASH', 'ARREARS', 'CREDIT', 'REVENUE', 'FUNDING'));
alter table ledger_entry drop constraint ledger_entry_reason_check;
alter table ledger_entry add constraint ledger_entry_reason_check
    check (reason in ('TOPUP', 'USAGE', 'ORDER', 'REFUND', 'ADJUSTMENT'));

-- A customer's credit limit: orders (and later usage) may draw on it once cash runs out.
create table ledger_credit_limit (
    customer_id text primary key,
    currency    char(3) not null,
    credit_limit numeric(20, 2) not null check (credit_limit >= 0)
);
