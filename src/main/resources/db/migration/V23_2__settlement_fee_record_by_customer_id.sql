-- settlement -----------------------------------------------------------------------------
-- The bill's readers page a customer's fee records by id (the detailed bill's cursor, the
-- exports' streaming reads): with this index a page walks the customer's ids in order and stops
-- at its limit, instead of sorting the month's lines again for every page.
create index settlement_fee_record_customer_id on settlement_fee_record (customer_id, id);
