package io.tollgate.messaging;

import java.time.Instant;
import java.util.List;

/** Where a customer is told: an e-mail address, a phone number (E.164) or a webhook URL, in a language, for some types. */
public record Contact(long id, String customerId, String channel, String address, String language,
                      List<String> types, Instant createdAt) {
}
