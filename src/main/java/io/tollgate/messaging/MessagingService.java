package io.tollgate.messaging;

import io.tollgate.customer.CustomerService;
import io.tollgate.messaging.core.Templates;
import io.tollgate.messaging.store.MessagingStore;
import io.tollgate.shared.Failure;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Contacts, and the messages told to them (docs/notifications.md): a notice of a type becomes one
 * message per subscribed contact, rendered in the contact's language, unique per notice and
 * contact however often it is told; beyond the daily cap of a contact (tollgate.messaging.daily-cap,
 * per day in the billing zone) it is kept as SUPPRESSED. In local mode (the demo's default,
 * tollgate.messaging.local) messages are KEPT in the mailbox and nothing leaves the machine.
 */
@Service
public class MessagingService {
    static final int MAX_CONTACTS = 50;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private final MessagingStore store;
    private final CustomerService customers;
    private final Clock clock;
    private final int dailyCap;
    private final boolean local;

    public MessagingService(MessagingStore store, CustomerService customers, Clock clock,
                            @Value("${tollgate.messaging.daily-cap:20}") int dailyCap,
                            @Value("${tollgate.messaging.local:${tollgate.demo.enabled:false}}") boolean local) {
        if (dailyCap < 1) {
            throw new IllegalArgumentException("tollgate.messaging.daily-cap must be positive");
        }
        this.store = store;
        this.customers = customers;
        this.clock = clock;
        this.dailyCap = dailyCap;
        this.local = local;
    }

    public boolean local() {
        return local;
    }

    // ---- contacts ---------------------------------------------------------------------------

    @Transactional
    public Contact addContact(String customerId, String channel, String address, String language, List<String> types) {
        customers.customer(customerId);
        String ch = channel(channel);
        String addr = address(ch, address);
        String lang = language(language);
        List<String> t = types(types);
        if (store.contacts(customerId).size() >= MAX_CONTACTS) {
            throw Failure.unprocessable("too-many-contacts", "a customer has at most " + MAX_CONTACTS + " contacts");
        }
        if (store.contactExists(customerId, ch, addr)) {
            throw Failure.conflict("contact-exists", "this " + ch + " contact exists already");
        }
        long id = store.insertContact(customerId, ch, addr, lang, t, clock.instant());
        return store.contact(customerId, id).orElseThrow();
    }

    public List<Contact> contacts(String customerId) {
        customers.customer(customerId);
        return store.contacts(customerId);
    }

    @Transactional
    public Contact updateContact(String customerId, long id, String language, List<String> types) {
        Contact c = contact(customerId, id);
        store.updateContact(id, language == null ? c.language() : language(language),
                types == null ? c.types() : types(types));
        return contact(customerId, id);
    }

    @Transactional
    public void deleteContact(String customerId, long id) {
        contact(customerId, id);
        store.deleteContact(id);
    }

    private Contact contact(String customerId, long id) {
        return store.contact(customerId, id).orElseThrow(() -> Failure.notFound("contact-not-found",
                "no contact " + id + " of " + customerId));
    }

    // ---- messages ---------------------------------------------------------------------------

    /**
     * Tells a notice to every contact of the customer subscribed to its type, in the caller's
     * transaction; returns the number of messages written (a notice told before writes none).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int tell(String customerId, String type, String noticeKey, Map<String, String> values,
                    List<Map<String, String>> items) {
        Instant now = clock.instant();
        LocalDate day = LocalDate.ofInstant(now, clock.getZone());
        int written = 0;
        for (Contact c : store.subscribers(customerId, type)) {
            Templates.Rendered r = Templates.render(type, c.language(), values, items);
            store.lockContact(c.id());
            String state = store.messagesOn(c.id(), day) >= dailyCap ? "SUPPRESSED" : local ? "KEPT" : "PENDING";
            boolean sms = c.channel().equals("SMS");
            written += store.insertMessage(c, type, noticeKey, r.subject(), sms ? r.sms() : r.text(),
                    c.channel().equals("EMAIL") ? r.html() : null, state, day, now) ? 1 : 0;
        }
        return written;
    }

    /** The mailbox: messages oldest first (of one customer, or all for the operator). */
    public List<Message> messages(String customerId, long afterId, int limit) {
        if (customerId != null) {
            customers.customer(customerId);
        }
        return store.messages(customerId, afterId, limit);
    }

    // ---- validation -------------------------------------------------------------------------

    private static String channel(String channel) {
        if (channel == null || !List.of("EMAIL", "SMS", "WEBHOOK").contains(channel)) {
            throw Failure.invalid("invalid-channel", "channel is EMAIL, SMS or WEBHOOK");
        }
        return channel;
    }

    private static String address(String channel, String address) {
        if (address == null || address.length() > 2000) {
            throw Failure.invalid("invalid-address", "address is required (at most 2,000 characters)");
        }
        boolean ok = switch (channel) {
            case "EMAIL" -> address.length() <= 254 && EMAIL.matcher(address).matches();
            case "SMS" -> PHONE.matcher(address).matches();
            default -> webhookUrl(address);
        };
        if (!ok) {
            throw Failure.invalid("invalid-address", switch (channel) {
                case "EMAIL" -> "an e-mail address such as finance@example.com";
                case "SMS" -> "a phone number in E.164 form such as +8613800138000";
                default -> "an absolute http or https URL with a host";
            });
        }
        return address;
    }

    private static boolean webhookUrl(String url) {
        try {
            URI u = new URI(url);
            return u.getHost() != null && u.getUserInfo() == null
                    && ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String language(String language) {
        if (language == null) {
            return "en";
        }
        if (!language.equals("en") && !language.equals("zh")) {
            throw Failure.invalid("invalid-language", "language is en or zh");
        }
        return language;
    }

    private static List<String> types(List<String> types) {
        if (types == null) {
            return Templates.TYPES;
        }
        List<String> out = new ArrayList<>();
        for (String t : types) {
            if (!Templates.TYPES.contains(t)) {
                throw Failure.invalid("invalid-notification-type", "notification types are " + Templates.TYPES);
            }
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            throw Failure.invalid("invalid-notification-type", "subscribe a contact to at least one type");
        }
        return List.copyOf(out);
    }
}
