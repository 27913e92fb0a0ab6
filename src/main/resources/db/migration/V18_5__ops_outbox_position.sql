-- notify: commit-ordered positions for the outbox feed ------------------------------------
-- The feed used to follow the bigserial id, handed out at insert time: an event of a
-- transaction that commits late (a long lifecycle batch) got an id below ones already read, and
-- a reader past it never saw it. Now each event gets a position when its transaction commits:
-- a deferred constraint trigger runs at commit, takes a transaction-level advisory lock (held
-- only from that moment until the commit ends) and draws the positions from a sequence. The lock
-- is released after the commit is visible, so positions are handed out in commit order and a
-- reader that sees position p already sees every committed position below p.
alter table notify_outbox add column position bigint;
update notify_outbox set position = id;
create sequence notify_outbox_position_seq;
select setval('notify_outbox_position_seq', greatest((select max(id) from notify_outbox), 1),
              (select max(id) from notify_outbox) is not null);
create unique index notify_outbox_position on notify_outbox (position);
create index notify_outbox_customer_position on notify_outbox (customer_id, position);

create function notify_outbox_assign_position() returns trigger language plpgsql as $$
begin
    -- One key for the whole outbox: 0x7467 'tg', 1 'outbox position'.
    perform pg_advisory_xact_lock(29799, 1);
    update notify_outbox set position = nextval('notify_outbox_position_seq') where id = new.id;
    return null;
end;
$$;

create constraint trigger notify_outbox_position_at_commit
    after insert on notify_outbox
    deferrable initially deferred
    for each row execute function notify_outbox_assign_position();
