package io.tollgate.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small real-HTTP client for the API under test. */
public final class Api {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** The server's base address. */
    public String base() {
        return base;
    }

    public record Response(int status, String body, String contentType, java.util.Map<String, String> headers) {
        public Response(int status, String body, String contentType) {
            this(status, body, contentType, java.util.Map.of());
        }

        /** A response header (the first value), case-insensitive; null when absent. */
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String code() {
            return json().path("code").asString();
        }
    }

    public Response get(String path, String key) {
        return send(builder(path, key).GET().build());
    }

    public Response post(String path, String key, Object body) {
        return post(path, key, body instanceof String s ? s : JSON.writeValueAsString(body), null);
    }

    public Response post(String path, String key, String body, String idempotencyKey) {
        HttpRequest.Builder b = builder(path, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return send(b.build());
    }

    public Response put(String path, String key, Object body) {
        return send(builder(path, key).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    public Response delete(String path, String key) {
        return send(builder(path, key).DELETE().build());
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            java.util.Map<String, String> headers = new java.util.HashMap<>();
            r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            return new Response(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""), headers);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends a request target as written, byte for byte (java.net.URI refuses bad percent-encoding),
     * over HTTP/1.0 so that the answer comes unchunked and the connection closes after it.
     */
    public Response raw(String method, String target, String key, String contentType, String body) {
        int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            byte[] content = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n");
            if (key != null) {
                head.append("Authorization: Bearer ").append(key).append("\r\n");
            }
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
            var out = socket.getOutputStream();
            out.write(head.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int split = answer.indexOf("\r\n\r\n");
            String headers = split < 0 ? answer : answer.substring(0, split);
            int status = Integer.parseInt(headers.split(" ", 3)[1].trim());
            String type = "";
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
                    type = line.substring(13).trim();
                }
            }
            return new Response(status, split < 0 ? "" : answer.substring(split + 4), type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder builder(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    public static String json(Object o) {
        return JSON.writeValueAsString(o);
    }
}
