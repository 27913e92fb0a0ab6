-- metering -------------------------------------------------------------------------------
-- Where a package came from: granted by the operator (both null) or bought from an offer
-- (the offer's code and the subscription order that paid for it).
alter table metering_package add column offer_code text;
alter table metering_package add column order_id bigint;
alter table metering_package add constraint metering_package_origin_check
    check ((offer_code is null) = (order_id is null));
create unique index metering_package_order on metering_package (order_id) where order_id is not null;
