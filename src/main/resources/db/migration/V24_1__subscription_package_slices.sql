-- subscription ---------------------------------------------------------------------------
-- A paid package order is a slice of prepaid money too (billing-rules §9: packages amortized
-- over their validity): kind PACKAGE over the package's validity [starts_at, expires_at).
-- Packages are not refundable, so no unsubscription ever consumes such a slice.
alter table subscription_term drop constraint subscription_term_kind;
alter table subscription_term add constraint subscription_term_kind
    check (kind in ('PURCHASE', 'RENEWAL', 'UPGRADE', 'DOWNGRADE', 'PACKAGE'));
insert into subscription_term (order_id, resource_id, kind, starts_at, ends_exclusive, term_unit, term_count,
                               use_started_at, paid_cash, paid_credit, paid_coupon)
select o.id, o.resource_id, 'PACKAGE', p.starts_at, p.expires_at, coalesce(o.term_unit, 'MONTH'),
       coalesce(o.term_count, 1), p.starts_at, o.cash_amount, o.credit_amount, o.coupon_amount
from subscription_order o join metering_package p on p.order_id = o.id
where o.type = 'PACKAGE' and o.status = 'PAID'
on conflict (order_id) do nothing;
