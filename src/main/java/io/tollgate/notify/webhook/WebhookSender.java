package io.tollgate.notify.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** POSTs one signed event; an answer of 2xx is delivered, anything else (or no answer) failed. */
public class WebhookSender {
    private static final int MAX_ERROR = 500;
    private final HttpClient http;
    private final Duration timeout;

    public WebhookSender(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The outcome of one call: the HTTP status (null when none came back), an error text when it failed. */
    public record Sent(boolean delivered, Integer status, String error, int durationMs) {
    }

    public Sent send(String url, String id, long timestamp, String signature, byte[] body) {
        long start = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Tollgate-Webhooks/1")
                    .header("webhook-id", id)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            boolean ok = status >= 200 && status < 300;
            return new Sent(ok, status, ok ? null : clip("HTTP " + status + ": " + response.body()), ms(start));
        } catch (IOException | IllegalArgumentException e) {
            return new Sent(false, null, clip(e.getClass().getSimpleName() + ": " + e.getMessage()), ms(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sent(false, null, "interrupted", ms(start));
        }
    }

    private static int ms(long start) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - start) / 1_000_000);
    }

    private static String clip(String text) {
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }
}
