-- settlement -----------------------------------------------------------------------------
-- The FOCUS export writes the parts of a line that a free quota or a resource package covered
-- as rows of their own (docs/exports.md); like the negative and coupon selects (V24_2) they read
-- only such lines through a partial index.
create index settlement_fee_record_covered on settlement_fee_record (customer_id, hour_start)
    where free_quantity > 0 or package_quantity > 0;
