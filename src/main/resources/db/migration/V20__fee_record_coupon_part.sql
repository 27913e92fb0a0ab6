-- billing centre -------------------------------------------------------------------------
-- Pay-per-use fees are paid by the customer's eligible cash coupons before cash
-- (billing-rules.md 7): each fee line records its coupon part too.
alter table settlement_fee_record add column coupon_amount numeric(20, 2) not null default 0;
alter table settlement_fee_record drop constraint settlement_fee_record_parts;
alter table settlement_fee_record add constraint settlement_fee_record_parts
    check (coupon_amount + cash_amount + credit_amount + arrears_amount = charged_amount);
