-- catalog --------------------------------------------------------------------------------
-- A GPU spec that is a share of a card (1/2, 1/4, 1/7 ...) may be priced by its share of another
-- spec's prices (the whole card) instead of by prices of its own: the price book derives its
-- versions, unit by unit, as share x the other spec's unit price.
alter table catalog_spec add column price_by_share_of text references catalog_spec (code);
alter table catalog_spec add constraint catalog_spec_share_not_itself check (price_by_share_of <> code);
