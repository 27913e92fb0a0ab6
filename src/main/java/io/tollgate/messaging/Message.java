package io.tollgate.messaging;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One message to one contact: PENDING, SENT, FAILED (given up), SUPPRESSED (over the daily cap)
 * or KEPT (demo mode: in the local mailbox, never sent). The noticeKey names what it tells, once.
 */
public record Message(long id, String customerId, long contactId, String channel, String address, String type,
                      String noticeKey, String subject, String text, String html, String state, LocalDate localDay,
                      int attempts, String lastError, Instant createdAt, Instant sentAt, @JsonIgnore UUID lease) {
}
