package io.tollgate.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * The bench's HTTP client: a request and its answer (status and body). Two kinds, so that the
 * client's own CPU, which shares the machine's two cores with the server, can be told apart:
 * {@code jdk}, the JDK's {@link HttpClient}; {@code socket}, plain HTTP/1.1 over one keep-alive
 * socket per client thread (blocking reads, no selector thread, no futures), far cheaper a request.
 */
interface BenchHttp {
    record Answer(int status, String body) {
    }

    Answer exchange(String method, String path, String bearer, String jsonBody) throws IOException, InterruptedException;

    /** The kinds {@link #of} knows. */
    java.util.Set<String> KINDS = java.util.Set.of("jdk", "socket");

    static BenchHttp of(String kind, int port) {
        return switch (kind) {
            case "jdk" -> new Jdk(port);
            case "socket" -> new Sockets(port);
            default -> throw new IllegalArgumentException("--client is jdk or socket, not " + kind);
        };
    }

    /** The JDK's client (HTTP/1.1, pooled connections). */
    final class Jdk implements BenchHttp {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        private final String base;

        Jdk(int port) {
            this.base = "http://127.0.0.1:" + port;
        }

        @Override
        public Answer exchange(String method, String path, String bearer, String jsonBody)
                throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                    .header("Authorization", "Bearer " + bearer);
            if (jsonBody != null) {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        }
    }

    /** HTTP/1.1 by hand over one keep-alive socket per thread, reopened when the server closes it. */
    final class Sockets implements BenchHttp {
        private final int port;
        private final ThreadLocal<Connection> connections = new ThreadLocal<>();

        Sockets(int port) {
            this.port = port;
        }

        private static final class Connection {
            final Socket socket;
            final InputStream in;
            final OutputStream out;

            Connection(int port) throws IOException {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                socket.setSoTimeout(300_000);
                in = new BufferedInputStream(socket.getInputStream(), 65_536);
                out = socket.getOutputStream();
            }
        }

        @Override
        public Answer exchange(String method, String path, String bearer, String jsonBody) throws IOException {
            Connection c = connections.get();
            if (c == null) {
                c = new Connection(port);
                connections.set(c);
            }
            byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(200).append(method).append(' ').append(path)
                    .append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port).append("\r\nAuthorization: Bearer ")
                    .append(bearer).append("\r\nAccept: application/json\r\n");
            if (jsonBody != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            try {
                c.out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                c.out.write(body);
                c.out.flush();
                return read(c);
            } catch (IOException e) {
                c.socket.close();
                connections.remove();
                throw e;
            }
        }

        private Answer read(Connection c) throws IOException {
            String status = line(c.in);
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + status);
            }
            int code = Integer.parseInt(parts[1]);
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h = line(c.in); !h.isEmpty(); h = line(c.in)) {
                int colon = h.indexOf(':');
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> { }
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(length > 0 ? (int) length : 1024);
            if (chunked) {
                for (long size = Long.parseLong(line(c.in).split(";")[0].trim(), 16); size > 0;
                        size = Long.parseLong(line(c.in).split(";")[0].trim(), 16)) {
                    copy(c.in, body, size);
                    line(c.in);
                }
                for (String trailer = line(c.in); !trailer.isEmpty(); trailer = line(c.in)) {
                    // trailers: none expected
                }
            } else if (length >= 0) {
                copy(c.in, body, length);
            } else {
                close = true;
                c.in.transferTo(body);
            }
            if (close) {
                c.socket.close();
                connections.remove();
            }
            return new Answer(code, body.toString(StandardCharsets.UTF_8));
        }

        private static void copy(InputStream in, ByteArrayOutputStream to, long n) throws IOException {
            byte[] buf = new byte[8192];
            for (long left = n; left > 0; ) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) {
                    throw new IOException("the connection closed inside an answer");
                }
                to.write(buf, 0, r);
                left -= r;
            }
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder b = new StringBuilder(64);
            for (int ch = in.read(); ch != '\n'; ch = in.read()) {
                if (ch < 0) {
                    throw new IOException("the connection closed");
                }
                if (ch != '\r') {
                    b.append((char) ch);
                }
            }
            return b.toString();
        }
    }
}
