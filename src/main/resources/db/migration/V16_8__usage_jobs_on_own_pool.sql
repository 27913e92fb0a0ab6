-- resource -------------------------------------------------------------------------------
-- A training job or inference service created on the customer's own dedicated pool names it: such
-- a resource opens no compute segment (the pool bills its nodes); its own disk still bills.
alter table resource_resource add column pool_id text references resource_resource (id);
