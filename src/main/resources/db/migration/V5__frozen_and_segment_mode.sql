-- resource -------------------------------------------------------------------------------
-- A frozen resource (lifecycle: retention after grace) has no open segments: it is not billed.
alter table resource_resource add column frozen boolean not null default false;
-- Each segment carries the billing mode it ran under, so that a mode change splits the hour:
-- the pay-per-use part is rated, the prepaid part is paid by the subscription.
alter table resource_segment add column billing_mode text not null default 'PAY_PER_USE'
    check (billing_mode in ('PAY_PER_USE', 'YEARLY_MONTHLY'));
