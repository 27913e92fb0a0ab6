-- The vendor-compatible billing API (issue 13, docs/bss-api.md): access keys a customer admin
-- creates for its account. The secret key is shown once and kept so that signatures can be
-- verified, encrypted with AES-256-GCM under a key from configuration (key_id names it, so that
-- the key can be rotated); never in clear.
create table bss_access_key (
    access_key    text primary key,
    customer_id   text not null references customer_customer (id),
    label         text,
    key_id        text not null,
    secret_iv     bytea not null,
    secret_cipher bytea not null,
    created_at    timestamptz not null,
    revoked_at    timestamptz
);
create index bss_access_key_customer on bss_access_key (customer_id);

-- Signatures accepted within their 15-minute window: the same signature again is a replay.
create table bss_seen_signature (
    signature  text primary key,
    seen_at    timestamptz not null
);
create index bss_seen_signature_at on bss_seen_signature (seen_at);
