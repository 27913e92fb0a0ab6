-- subscription ---------------------------------------------------------------------------
-- A package bought from an offer is a prepaid order of its own type: resource_id is the id of
-- the package it created, spec_code the meter or compute spec it covers, list_amount the
-- offer's price; term_unit MONTH and term_count the offer's validity.
alter table subscription_order drop constraint subscription_order_type_check;
alter table subscription_order add constraint subscription_order_type_check
    check (type in ('NEW', 'RENEWAL', 'CHANGE', 'UNSUBSCRIPTION', 'MODE_CHANGE', 'PACKAGE'));
