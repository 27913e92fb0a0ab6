-- metering -------------------------------------------------------------------------------
-- A rated line is a CHARGE (an amount of zero or more) or a VOLUME_TIER_CREDIT: the negative
-- amount of a record that moved the month into a cheaper volume tier (billable quantity positive,
-- amount negative). The month's lines of a volume-priced meter add up to the volume price of the
-- month's total. Lines rated before this migration were all charges (a negative amount then could
-- not be settled).
alter table metering_usage_line add column kind text not null default 'CHARGE'
    check (kind in ('CHARGE', 'VOLUME_TIER_CREDIT'));
alter table metering_usage_line add constraint metering_usage_line_kind_sign
    check ((kind = 'VOLUME_TIER_CREDIT') = (amount < 0));
