-- catalog --------------------------------------------------------------------------------
-- Package offers: what the operator sells as resource packages (billing-rules.md section 3).
-- An offer is immutable: only its status moves, once, from ON_SALE to WITHDRAWN. Changing what
-- is sold is withdrawing the offer and creating another under a new code, so an offer that was
-- sold always reads as it was sold.
create table catalog_package_offer (
    code            text primary key,
    name            text not null,
    -- A usage meter code (quantity in its price units) or a compute spec code (node-hours).
    covers          text not null,
    cover_kind      text not null check (cover_kind in ('METER', 'COMPUTE_SPEC')),
    service_type    text not null,
    quantity        numeric(38, 10) not null check (quantity > 0),
    period          text not null check (period in ('MONTHLY', 'TOTAL')),
    validity_months integer not null check (validity_months between 1 and 36),
    price           numeric(20, 2) not null check (price > 0),
    currency        char(3) not null,
    region          text,
    sellable_from   timestamptz not null,
    sellable_until  timestamptz,
    status          text not null check (status in ('ON_SALE', 'WITHDRAWN')),
    created_at      timestamptz not null,
    withdrawn_at    timestamptz,
    -- The fingerprint of the create request: the same code with the same content is a replay.
    request_hash    text not null,
    check (sellable_until is null or sellable_until > sellable_from),
    check ((status = 'WITHDRAWN') = (withdrawn_at is not null))
);
create index catalog_package_offer_status on catalog_package_offer (status, code);
