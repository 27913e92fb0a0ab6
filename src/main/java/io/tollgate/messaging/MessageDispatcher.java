package io.tollgate.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.messaging.store.MessagingStore;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the pending messages: claimed with SKIP LOCKED under a lease (the attempt logged
 * IN_FLIGHT), sent outside any transaction, and recorded under the lease: SENT, or due again
 * after a jittered doubling back-off (30 s up to an hour), or FAILED once a day has passed. A
 * process killed between sending and recording sends again when the lease expires, with the same
 * message id (the e-mail's Message-ID, the SMS gateway's messageId, the webhook-id).
 * <ul>
 * <li>E-mail through SMTP ({@code spring.mail.host}, port, credentials,
 * {@code spring.mail.properties.mail.smtp.starttls.enable} or {@code ...ssl.enable}): multipart,
 * the text and the HTML body, UTF-8, from {@code tollgate.messaging.mail.from}.</li>
 * <li>SMS through an HTTP gateway: a POST of {@code {"messageId","to","text","sender"}} as JSON
 * to {@code tollgate.messaging.sms.url} with {@code Authorization: Bearer} the token; 2xx is sent.</li>
 * <li>A contact's webhook: a POST of the message as JSON with a {@code webhook-id} header.</li>
 * </ul>
 */
@Component
public class MessageDispatcher {
    static final Duration LEASE = Duration.ofMinutes(2);
    static final Duration RETRY_BASE = Duration.ofSeconds(30);
    static final Duration RETRY_CAP = Duration.ofHours(1);
    static final Duration GIVE_UP = Duration.ofHours(24);
    private static final int CLAIM = 50;
    private final MessagingStore store;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ObjectProvider<JavaMailSender> mail;
    private final JsonMapper json;
    private final MeterRegistry metrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String from;
    private final String smsUrl;
    private final String smsToken;
    private final String smsSender;
    private volatile MessagingStore.Backlog backlog = new MessagingStore.Backlog(0, 0, 0, null);
    private volatile long backlogReadAt;

    public MessageDispatcher(MessagingStore store, PlatformTransactionManager txm, Clock clock,
                      ObjectProvider<JavaMailSender> mail, JsonMapper json, MeterRegistry metrics,
                      @Value("${tollgate.messaging.mail.from:Tollgate Billing <billing@tollgate.local>}") String from,
                      @Value("${tollgate.messaging.sms.url:}") String smsUrl,
                      @Value("${tollgate.messaging.sms.token:}") String smsToken,
                      @Value("${tollgate.messaging.sms.sender:Tollgate}") String smsSender) {
        this.store = store;
        this.tx = new TransactionTemplate(txm);
        this.clock = clock;
        this.mail = mail;
        this.json = json;
        this.metrics = metrics;
        this.from = from;
        this.smsUrl = smsUrl;
        this.smsToken = smsToken;
        this.smsSender = smsSender;
        for (String state : List.of("pending", "sent", "failed")) {
            Gauge.builder("tollgate.notify.deliveries", this, d -> d.count(state)).description("deliveries by state")
                    .tag("channel", "message").tag("state", state).register(metrics);
        }
        Gauge.builder("tollgate.notify.oldest.undelivered.seconds", this, MessageDispatcher::oldestSeconds)
                .description("how long the oldest undelivered delivery has been due").tag("channel", "message")
                .register(metrics);
    }

    /** Sends every message due now; returns the number of attempts. */
    public int pass() {
        int attempts = 0;
        while (true) {
            Instant now = clock.instant();
            List<Message> claimed = tx.execute(s -> store.claim(now, now.plus(LEASE), CLAIM));
            if (claimed == null || claimed.isEmpty()) {
                return attempts;
            }
            for (Message m : claimed) {
                String error = send(m);
                record(m, error);
                attempts++;
            }
        }
    }

    /** Sends one message; returns null when it went, else why not. */
    String send(Message m) {
        try {
            return switch (m.channel()) {
                case "EMAIL" -> email(m);
                case "SMS" -> post(smsUrl, smsToken, Map.of("messageId", "message-" + m.id(), "to", m.address(),
                        "text", m.text(), "sender", smsSender), null);
                default -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("messageId", "message-" + m.id());
                    body.put("type", m.type());
                    body.put("customerId", m.customerId());
                    body.put("subject", m.subject());
                    body.put("text", m.text());
                    yield post(m.address(), null, body, "message-" + m.id());
                }
            };
        } catch (RuntimeException | MessagingException e) {
            return clip(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private String email(Message m) throws MessagingException {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            return "no SMTP server is configured (spring.mail.host)";
        }
        String messageId = "<message-" + m.id() + "@tollgate>";
        MimeMessage mime = sender instanceof JavaMailSenderImpl impl ? new MimeMessage(impl.getSession()) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId); // the same on every attempt
            }
        } : sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(mime, true, "UTF-8");
        helper.setFrom(from);
        helper.setTo(m.address());
        helper.setSubject(m.subject());
        helper.setText(m.text(), m.html() == null ? m.text() : m.html());
        sender.send(mime);
        return null;
    }

    private String post(String url, String token, Map<String, ?> body, String webhookId) {
        if (url == null || url.isBlank()) {
            return "no SMS gateway is configured (tollgate.messaging.sms.url)";
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token);
        }
        if (webhookId != null) {
            b.header("webhook-id", webhookId);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() / 100 == 2 ? null : clip("HTTP " + r.statusCode() + ": " + r.body());
        } catch (java.io.IOException e) {
            return clip(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void record(Message m, String error) {
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            if (error == null) {
                store.complete(m, "SENT", null, null, now);
                return;
            }
            if (!now.isBefore(m.createdAt().plus(GIVE_UP))) {
                store.complete(m, "FAILED", error, null, now);
                return;
            }
            store.complete(m, "PENDING", error, io.tollgate.shared.BackOff.next(now,
                    io.tollgate.shared.BackOff.delay(RETRY_BASE, RETRY_CAP, m.attempts()), ThreadLocalRandom.current()),
                    now);
        });
        metrics.counter("tollgate.notify.attempts", "channel", m.channel().toLowerCase(java.util.Locale.ROOT),
                "outcome", error == null ? "delivered" : "failed").increment();
    }

    private double count(String state) {
        MessagingStore.Backlog b = fresh();
        return switch (state) {
            case "pending" -> b.pending();
            case "sent" -> b.sent();
            default -> b.failed();
        };
    }

    private double oldestSeconds() {
        Instant oldest = fresh().oldestPending();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toSeconds());
    }

    private MessagingStore.Backlog fresh() {
        long now = System.nanoTime();
        if (now - backlogReadAt > 5_000_000_000L) {
            backlog = store.backlog();
            backlogReadAt = now;
        }
        return backlog;
    }

    private static String clip(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500);
    }

    /** The real-time schedule (off in tests, which run passes themselves). */
    @Component
    @ConditionalOnProperty(name = "tollgate.jobs.enabled", havingValue = "true", matchIfMissing = true)
    static class Schedule {
        private final MessageDispatcher dispatcher;

        Schedule(MessageDispatcher dispatcher) {
            this.dispatcher = dispatcher;
        }

        @Scheduled(fixedDelayString = "${tollgate.messaging.interval:PT5S}",
                initialDelayString = "${tollgate.jobs.initial-delay:PT5S}")
        void run() {
            dispatcher.pass();
        }
    }
}
