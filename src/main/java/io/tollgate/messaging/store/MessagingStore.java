package io.tollgate.messaging.store;

import io.tollgate.messaging.Contact;
import io.tollgate.messaging.Message;
import io.tollgate.messaging.Reminder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for contacts, messages, their attempts, reminders and the outbox cursor of the notices. */
@Repository
public class MessagingStore {
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };
    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public MessagingStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    // ---- contacts -------------------------------------------------------------------------

    public long insertContact(String customerId, String channel, String address, String language, List<String> types,
                              Instant now) {
        return jdbc.queryForObject("insert into messaging_contact (customer_id, channel, address, language, types, "
                + "created_at) values (?, ?, ?, ?, array(select jsonb_array_elements_text(?::jsonb)), ?) returning id",
                Long.class, customerId, channel, address, language, json.writeValueAsString(types), Timestamp.from(now));
    }

    public boolean contactExists(String customerId, String channel, String address) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from messaging_contact where "
                + "customer_id = ? and channel = ? and address = ? and not deleted)", Boolean.class, customerId, channel,
                address));
    }

    public List<Contact> contacts(String customerId) {
        return jdbc.query("select * from messaging_contact where customer_id = ? and not deleted order by id",
                this::contactRow, customerId);
    }

    public Optional<Contact> contact(String customerId, long id) {
        return jdbc.query("select * from messaging_contact where customer_id = ? and id = ? and not deleted",
                this::contactRow, customerId, id).stream().findFirst();
    }

    public void updateContact(long id, String language, List<String> types) {
        jdbc.update("update messaging_contact set language = ?, types = array(select jsonb_array_elements_text(?::jsonb)) "
                + "where id = ?", language, json.writeValueAsString(types), id);
    }

    public void deleteContact(long id) {
        jdbc.update("update messaging_contact set deleted = true where id = ?", id);
    }

    /** The customer's contacts subscribed to a type. */
    public List<Contact> subscribers(String customerId, String type) {
        return jdbc.query("select * from messaging_contact where customer_id = ? and not deleted and ? = any (types) "
                + "order by id", this::contactRow, customerId, type);
    }

    // ---- messages -------------------------------------------------------------------------

    /** A new message unless the contact has one for this notice already; returns whether it was written. */
    public boolean insertMessage(Contact c, String type, String noticeKey, String subject, String text, String html,
                                 String state, LocalDate day, Instant now) {
        return jdbc.update("insert into messaging_message (customer_id, contact_id, channel, address, type, notice_key, "
                + "subject, text_body, html_body, state, local_day, next_attempt_at, created_at) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (contact_id, notice_key) do nothing",
                c.customerId(), c.id(), c.channel(), c.address(), type, noticeKey, subject, text, html, state,
                java.sql.Date.valueOf(day), Timestamp.from(now), Timestamp.from(now)) == 1;
    }

    /** Messages of the contact on a day that count against its cap (not suppressed). */
    public int messagesOn(long contactId, LocalDate day) {
        return jdbc.queryForObject("select count(*) from messaging_message where contact_id = ? and local_day = ? "
                + "and state <> 'SUPPRESSED'", Integer.class, contactId, java.sql.Date.valueOf(day));
    }

    /** Serialises the cap check of one contact (its row locked to the end of the transaction). */
    public void lockContact(long contactId) {
        jdbc.query("select id from messaging_contact where id = ? for update", rs -> null, contactId);
    }

    public List<Message> messages(String customerId, long afterId, int limit) {
        return jdbc.query("select * from messaging_message where (?::text is null or customer_id = ?) and id > ? "
                + "order by id limit ?", this::messageRow, customerId, customerId, afterId, limit);
    }

    public Optional<Message> message(long id) {
        return jdbc.query("select * from messaging_message where id = ?", this::messageRow, id).stream().findFirst();
    }

    /** Claims due messages under a new lease; each gets an IN_FLIGHT attempt (an expired one becomes UNKNOWN). */
    public List<Message> claim(Instant now, Instant leaseUntil, int limit) {
        UUID lease = UUID.randomUUID();
        List<Message> claimed = jdbc.query("""
                with c as (select id from messaging_message where state = 'PENDING' and next_attempt_at <= ?
                             and (leased_until is null or leased_until <= ?)
                           order by next_attempt_at limit ? for update skip locked)
                update messaging_message m set lease_token = ?, leased_until = ?, attempts = m.attempts + 1
                from c where m.id = c.id returning m.*""", this::messageRow, Timestamp.from(now), Timestamp.from(now),
                limit, lease, Timestamp.from(leaseUntil));
        for (Message m : claimed) {
            jdbc.update("update messaging_attempt set outcome = 'UNKNOWN', error = 'the lease expired before an "
                    + "outcome was recorded (the process stopped)' where message_id = ? and outcome = 'IN_FLIGHT'", m.id());
            jdbc.update("insert into messaging_attempt (message_id, attempt, attempted_at, outcome) values (?, ?, ?, "
                    + "'IN_FLIGHT')", m.id(), m.attempts(), Timestamp.from(now));
        }
        return claimed;
    }

    /** Records an attempt under the message's lease: SENT, or PENDING again at {@code next}, or FAILED. */
    public boolean complete(Message m, String state, String error, Instant next, Instant now) {
        int updated = jdbc.update("update messaging_message set state = ?, last_error = ?::text, lease_token = null, "
                + "leased_until = null, next_attempt_at = coalesce(?::timestamptz, next_attempt_at), "
                + "sent_at = case when ?::text = 'SENT' then ?::timestamptz end where id = ? and lease_token = ?::uuid",
                state, error, next == null ? null : Timestamp.from(next), state, Timestamp.from(now), m.id(), m.lease());
        if (updated == 1) {
            jdbc.update("update messaging_attempt set outcome = ?, error = ?::text where message_id = ? and attempt = ?",
                    "SENT".equals(state) ? "SENT" : "FAILED", error, m.id(), m.attempts());
        }
        return updated == 1;
    }

    public record Backlog(long pending, long sent, long failed, Instant oldestPending) {
    }

    public Backlog backlog() {
        return jdbc.queryForObject("select count(*) filter (where state = 'PENDING'), count(*) filter (where state = "
                + "'SENT'), count(*) filter (where state = 'FAILED'), min(created_at) filter (where state = 'PENDING') "
                + "from messaging_message", (rs, i) -> new Backlog(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()));
    }

    // ---- reminders ------------------------------------------------------------------------

    public void planReminder(String key, String customerId, String subjectId, String kind, int daysBefore,
                             Instant deadline, Instant dueAt, Map<String, String> data) {
        jdbc.update("insert into messaging_reminder (reminder_key, customer_id, subject_id, kind, days_before, deadline, "
                + "due_at, state, data) values (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?::jsonb) on conflict (reminder_key) "
                + "do nothing", key, customerId, subjectId, kind, daysBefore, Timestamp.from(deadline),
                Timestamp.from(dueAt), json.writeValueAsString(data));
    }

    /** Due reminders, whole customers at a time (so a customer's digest is one batch), locked. */
    public List<Reminder> claimDueReminders(Instant now, int customers) {
        return jdbc.query("""
                select * from messaging_reminder where state = 'PENDING' and due_at <= ? and customer_id in (
                    select distinct customer_id from messaging_reminder where state = 'PENDING' and due_at <= ?
                    order by customer_id limit ?)
                order by customer_id, kind, days_before, deadline, id for update skip locked""", this::reminderRow,
                Timestamp.from(now), Timestamp.from(now), customers);
    }

    public Optional<Instant> earliestReminder() {
        return Optional.ofNullable(jdbc.queryForObject("select min(due_at) from messaging_reminder where state = 'PENDING'",
                Timestamp.class)).map(Timestamp::toInstant);
    }

    public void finishReminder(long id, String state) {
        jdbc.update("update messaging_reminder set state = ? where id = ?", state, id);
    }

    public List<Reminder> reminders(String customerId) {
        return jdbc.query("select * from messaging_reminder where customer_id = ? order by due_at, id",
                this::reminderRow, customerId);
    }

    // ---- the notices' cursor over the outbox -----------------------------------------------

    public Optional<Long> cursor() {
        return jdbc.queryForList("select position from messaging_cursor", Long.class).stream().findFirst();
    }

    /** The cursor row, locked for the pass (another instance skips the pass meanwhile). */
    public Optional<Long> lockCursor() {
        return jdbc.queryForList("select position from messaging_cursor for update skip locked", Long.class).stream()
                .findFirst();
    }

    public void startCursor(long position) {
        jdbc.update("insert into messaging_cursor (position) values (?) on conflict (only_row) do nothing", position);
    }

    public void moveCursor(long position) {
        jdbc.update("update messaging_cursor set position = ?", position);
    }

    private Contact contactRow(ResultSet rs, int row) throws SQLException {
        return new Contact(rs.getLong("id"), rs.getString("customer_id"), rs.getString("channel"),
                rs.getString("address"), rs.getString("language"), List.of((String[]) rs.getArray("types").getArray()),
                rs.getTimestamp("created_at").toInstant());
    }

    private Message messageRow(ResultSet rs, int row) throws SQLException {
        return new Message(rs.getLong("id"), rs.getString("customer_id"), rs.getLong("contact_id"),
                rs.getString("channel"), rs.getString("address"), rs.getString("type"), rs.getString("notice_key"),
                rs.getString("subject"), rs.getString("text_body"), rs.getString("html_body"), rs.getString("state"),
                rs.getDate("local_day").toLocalDate(), rs.getInt("attempts"), rs.getString("last_error"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("sent_at") == null ? null : rs.getTimestamp("sent_at").toInstant(),
                (UUID) rs.getObject("lease_token"));
    }

    private Reminder reminderRow(ResultSet rs, int row) throws SQLException {
        return new Reminder(rs.getLong("id"), rs.getString("reminder_key"), rs.getString("customer_id"),
                rs.getString("subject_id"), rs.getString("kind"), rs.getInt("days_before"),
                rs.getTimestamp("deadline").toInstant(), rs.getTimestamp("due_at").toInstant(), rs.getString("state"),
                json.readValue(rs.getString("data"), MAP));
    }
}
