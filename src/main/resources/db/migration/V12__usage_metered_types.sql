-- catalog --------------------------------------------------------------------------------
-- USAGE resource types (buckets, topics, log groups, model endpoints) bill only by the usage
-- records the platform reports for them: creating one opens no segment.
alter table catalog_resource_type drop constraint catalog_resource_type_metering_check;
alter table catalog_resource_type add constraint catalog_resource_type_metering_check
    check (metering in ('RUNTIME', 'CAPACITY', 'USAGE'));
