-- settlement -----------------------------------------------------------------------------
-- The FOCUS export reads a month's negative lines and the lines coupons paid in selects of
-- their own (docs/exports.md): small partial indexes let those read only such rows instead of
-- the whole month again. An insert pays only the predicate's check for the other lines.
create index settlement_fee_record_negative on settlement_fee_record (customer_id, hour_start) where amount < 0;
create index settlement_fee_record_coupon on settlement_fee_record (customer_id, hour_start) where coupon_amount <> 0;
