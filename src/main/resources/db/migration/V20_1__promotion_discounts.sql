-- promotion: commercial discounts ------------------------------------------------------------
-- A percentage off list prices for one customer, optionally only for one service type and/or
-- one billing mode (PAY_PER_USE lines, PREPAID orders), valid in [valid_from, valid_to). Where
-- several apply to a line or an order the best one is used, never two (promotion.core.Discounts).
create table promotion_discount (
    id           bigserial primary key,
    customer_id  text not null,
    percent      numeric(5, 2) not null check (percent > 0 and percent < 100),
    service_type text,
    billing_mode text check (billing_mode is null or billing_mode in ('PAY_PER_USE', 'PREPAID')),
    valid_from   timestamptz not null,
    valid_to     timestamptz,
    created_at   timestamptz not null,
    check (valid_to is null or valid_to > valid_from)
);
create index promotion_discount_customer on promotion_discount (customer_id, valid_from);
