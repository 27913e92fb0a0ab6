-- promotion: coupons ---------------------------------------------------------------------------
-- A cash coupon is a ledger account (kind COUPON, owner = the coupon id): issuing posts
-- PROMOTION -> COUPON, using it COUPON -> REVENUE, returning it REVENUE -> COUPON. A discount
-- coupon holds no money: it is a rate used once by a prepaid order.
alter table ledger_account drop constraint ledger_account_kind_check;
alter table ledger_account add constraint ledger_account_kind_check
    check (kind in ('CASH', 'ARREARS', 'CREDIT', 'REVENUE', 'FUNDING', 'COUPON', 'PROMOTION'));
alter table ledger_entry drop constraint ledger_entry_reason_check;
alter table ledger_entry add constraint ledger_entry_reason_check
    check (reason in ('TOPUP', 'USAGE', 'ORDER', 'REFUND', 'ADJUSTMENT', 'PROMOTION'));

create table promotion_coupon (
    id             text primary key,
    customer_id    text not null,
    campaign_id    text,
    kind           text not null check (kind in ('CASH', 'DISCOUNT')),
    currency       char(3) not null,
    face_value     numeric(20, 2) check (face_value is null or face_value > 0),
    rate           numeric(5, 4) check (rate is null or (rate > 0 and rate < 1)),
    cap            numeric(20, 2) check (cap is null or cap > 0),
    -- Valid in [valid_from, valid_until): valid_until is the midnight after the last day.
    valid_from     timestamptz not null,
    valid_until    timestamptz not null,
    service_types  text[] not null default '{}',
    resource_types text[] not null default '{}',
    billing_modes  text[] not null default '{}',
    order_types    text[] not null default '{}',
    regions        text[] not null default '{}',
    min_amount     numeric(20, 2) check (min_amount is null or min_amount >= 0),
    -- A discount coupon's single use.
    used_order_id  bigint,
    revoked_at     timestamptz,
    issued_at      timestamptz not null,
    check (valid_until > valid_from),
    check ((kind = 'CASH' and face_value is not null and rate is null and cap is null)
        or (kind = 'DISCOUNT' and face_value is null and rate is not null)),
    unique (campaign_id, customer_id)
);
create index promotion_coupon_customer on promotion_coupon (customer_id, valid_until);

-- Issuing is a money-moving operator request: the same Idempotency-Key and body give the same
-- coupons again, another body 409.
create table promotion_issue (
    idempotency_key text primary key,
    request_hash    text not null,
    coupon_ids      text[] not null,
    campaign_id     text,
    created_at      timestamptz not null
);
