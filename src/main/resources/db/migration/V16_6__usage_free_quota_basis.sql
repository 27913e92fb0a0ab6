-- catalog --------------------------------------------------------------------------------
-- How a meter price's free quota is read: PRICE_UNITS (that many price units a month) or
-- STORED_QUANTITY (a quantity that may be stored all month for free, for time-based meters: the
-- month's free price units are free_quota x the month's seconds / the meter's period, so 500 MB of
-- log storage per GB-day is 0.5 x the days of the month). Existing versions keep PRICE_UNITS: a
-- published price is never rewritten; publish a new version to change the basis.
alter table catalog_meter_price add column free_quota_basis text not null default 'PRICE_UNITS'
    check (free_quota_basis in ('PRICE_UNITS', 'STORED_QUANTITY'));
