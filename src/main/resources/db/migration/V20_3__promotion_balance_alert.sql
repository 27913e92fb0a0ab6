-- promotion: balance alerts --------------------------------------------------------------------
-- A customer's threshold on its available balance (cash + unused credit + usable cash coupons).
-- Armed while the balance is at or above it; crossing it downward publishes one outbox event and
-- disarms it; going back to it or above re-arms it.
create table promotion_balance_alert (
    customer_id text primary key,
    threshold   numeric(20, 2) not null check (threshold >= 0),
    armed       boolean not null,
    crossings   integer not null default 0,
    updated_at  timestamptz not null
);
