-- subscription ---------------------------------------------------------------------------
-- subscription_term becomes the slices of a subscription's prepaid money: each paid order adds
-- one (a purchase or mode change, a renewal, an upgrade: positive; a downgrade: the money it
-- gave back, negative), over the stretch of term it concerns. An unsubscription consumes them
-- all (refund_order_id), so no money is refunded twice and the refunds of a subscription never
-- exceed what was paid for it (docs/design.md, "Prepaid money").
alter table subscription_term add column kind text;
update subscription_term t set kind = case o.type when 'RENEWAL' then 'RENEWAL' when 'CHANGE' then 'UPGRADE'
    else 'PURCHASE' end from subscription_order o where o.id = t.order_id;
update subscription_term set kind = 'PURCHASE' where kind is null;
alter table subscription_term alter column kind set not null;
alter table subscription_term add constraint subscription_term_kind
    check (kind in ('PURCHASE', 'RENEWAL', 'UPGRADE', 'DOWNGRADE'));
alter table subscription_term add constraint subscription_term_sign
    check ((kind = 'DOWNGRADE' and paid_cash <= 0 and paid_credit <= 0 and paid_coupon = 0)
        or (kind <> 'DOWNGRADE' and paid_cash >= 0 and paid_credit >= 0 and paid_coupon >= 0));

-- Where the year of use (handling fee share) counts from: the start of the purchase or renewal
-- the slice belongs to; an upgrade made in the second year of a 2-year term is in its second year.
alter table subscription_term add column use_started_at timestamptz;
update subscription_term set use_started_at = starts_at;
alter table subscription_term alter column use_started_at set not null;

-- The unsubscription that consumed the slice.
alter table subscription_term add column refund_order_id bigint references subscription_order (id);
