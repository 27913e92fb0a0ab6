package io.tollgate.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A platform's webhook receiver, as docs/notifications.md tells one to write it: it verifies the
 * Standard Webhooks signature with its own HMAC (not Tollgate's code), answers as the test
 * scripts it, and deduplicates by webhook-id (an id it has processed is acknowledged and not
 * processed again).
 */
final class WebhookReceiver implements AutoCloseable {
    /** One request as it arrived, the status it got, and whether it was processed (new id, 2xx). */
    record Received(String id, String timestamp, String signature, byte[] body, int status, boolean processed,
                    Instant at) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> processed = ConcurrentHashMap.newKeySet();
    /** The status to answer, given the webhook-id and how many requests with that id came before this one. */
    volatile java.util.function.BiFunction<String, Integer, Integer> answer = (id, before) -> 200;
    /** Runs before answering (a test blocks here, or kills the sender). */
    volatile Function<String, Void> before = id -> null;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            before.apply(id);
            int earlier;
            synchronized (received) {
                earlier = (int) received.stream().filter(r -> r.id().equals(id)).count();
            }
            int status = answer.apply(id, earlier);
            boolean fresh = status / 100 == 2 && processed.add(id);
            received.add(new Received(id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, status, fresh, Instant.now()));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** How many times an event took effect at the receiver. */
    long processedTimes(String id) {
        return received().stream().filter(r -> r.id().equals(id) && r.processed()).count();
    }

    /**
     * Whether the request's webhook-signature header holds {@code v1,} + base64 HMAC-SHA256 of
     * {@code id.timestamp.body} under the secret's key (the base64 after 'whsec_').
     */
    static boolean signedWith(Received r, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] signed = mac.doFinal((r.id() + "." + r.timestamp() + "." + r.text()).getBytes(StandardCharsets.UTF_8));
            String expected = "v1," + Base64.getEncoder().encodeToString(signed);
            return List.of(r.signature().split(" ")).contains(expected);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
