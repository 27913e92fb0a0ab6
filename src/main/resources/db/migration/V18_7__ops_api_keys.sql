-- customer: API keys that can be revoked, can expire, and are marked when they are demo keys ---
-- Demo keys are public (the README prints them): they work only while demo mode is on, so a
-- database seeded by a demo run and then started under the prod profile does not keep them.
alter table customer_api_key add column id bigint generated always as identity;
alter table customer_api_key add constraint customer_api_key_id unique (id);
alter table customer_api_key add column demo boolean not null default false;
alter table customer_api_key add column expires_at timestamptz;
alter table customer_api_key add column revoked_at timestamptz;
-- The five demo keys of DemoData, by their SHA-256.
update customer_api_key set demo = true where key_hash in (
    'ab5ff3194ef00683c78336f66078b890dc78ccb4a7ea8d2e454a57555cda54d5',
    '63e093c20c269dd787343fb2250d114076632754dc668e828bd8bf95542d9585',
    'fdb924fa57998e9b08d5eb71372021b614111650d90f2d1c5477e1e2a8c5446f',
    'e40a0de5a0e4c8cc74966fe28d102bd202a21ecb77b086d65eea92c42652f1f2',
    '1c7c1d2af7755087845990fe0dd6020ee0107c3bd2e338443f1a1da2e770f408');
