package io.tollgate.bss.core;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SDK-HMAC-SHA256 as the vendor's Java SDK signs (docs/bss-api.md §2): the canonical request from
 * the method, the path and query re-encoded by the SDK's rule, the signed headers and the body's
 * SHA-256; the string to sign; the HMAC with the secret key as it is. Pure: the caller passes what
 * it received.
 */
public final class Signature {
    public static final String ALGORITHM = "SDK-HMAC-SHA256";
    public static final Duration SKEW = Duration.ofMinutes(15);
    static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private Signature() {
    }

    /** What the Authorization header says: the access key, the signed header names, the signature. */
    public record Authorization(String accessKey, List<String> signedHeaders, String signature) {
    }

    /** The request as received: raw (still percent-encoded) path and query, headers by lower-case name, body bytes. */
    public record Request(String method, String rawPath, String rawQuery, Function<String, String> header,
                          byte[] body) {
    }

    /** Parses {@code SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex}; empty when it is not that. */
    public static Optional<Authorization> parse(String header) {
        if (header == null || !header.startsWith(ALGORITHM + " ")) {
            return Optional.empty();
        }
        String access = null;
        String signed = null;
        String signature = null;
        for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq < 0) {
                return Optional.empty();
            }
            String name = p.substring(0, eq);
            String value = p.substring(eq + 1);
            switch (name) {
                case "Access" -> access = value;
                case "SignedHeaders" -> signed = value;
                case "Signature" -> signature = value;
                default -> {
                    return Optional.empty();
                }
            }
        }
        if (access == null || access.isEmpty() || signed == null || signed.isEmpty() || signature == null
                || !signature.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        return Optional.of(new Authorization(access, Arrays.asList(signed.split(";")), signature));
    }

    /** {@code X-Sdk-Date} as an instant; empty when malformed. */
    public static Optional<Instant> date(String sdkDate) {
        if (sdkDate == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(SDK_DATE.parse(sdkDate)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether the date is within {@link #SKEW} of now, either way. */
    public static boolean fresh(Instant date, Instant now) {
        return Duration.between(date, now).abs().compareTo(SKEW) <= 0;
    }

    public static String canonicalRequest(Request r, List<String> signedHeaders) {
        StringBuilder s = new StringBuilder();
        s.append(r.method().toUpperCase(Locale.ROOT)).append('\n');
        s.append(canonicalUri(r.rawPath())).append('\n');
        s.append(canonicalQuery(r.rawQuery())).append('\n');
        for (String h : signedHeaders) {
            String v = r.header().apply(h);
            s.append(h).append(':').append(v == null ? "" : v.strip()).append('\n');
        }
        s.append('\n').append(String.join(";", signedHeaders)).append('\n');
        String content = r.header().apply("x-sdk-content-sha256");
        s.append(content != null ? content : r.body() == null || r.body().length == 0 ? EMPTY_SHA256
                : hex(sha256(r.body())));
        return s.toString();
    }

    public static String stringToSign(String canonicalRequest, String sdkDate) {
        return ALGORITHM + "\n" + sdkDate + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    public static String sign(String stringToSign, String secretKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return hex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code a} signs the request with {@code secretKey}; compared in constant time. */
    public static boolean verify(Request r, Authorization a, String sdkDate, String secretKey) {
        String expected = sign(stringToSign(canonicalRequest(r, a.signedHeaders()), sdkDate), secretKey);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                a.signature().getBytes(StandardCharsets.US_ASCII));
    }

    /** Each segment decoded and re-encoded by the SDK's rule, each followed by "/" ("/" alone stays "/"). */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return "/";
        }
        StringBuilder s = new StringBuilder();
        for (String segment : rawPath.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            s.append('/').append(encode(decodePath(segment)));
        }
        return s.append('/').toString();
    }

    /** Pairs decoded, re-encoded, grouped by key in ordinal order, values of a key in the order sent. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        TreeMap<String, List<String>> pairs = new TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.computeIfAbsent(encode(decodeQuery(k)), x -> new ArrayList<>()).add(encode(decodeQuery(v)));
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : pairs.entrySet()) {
            for (String v : e.getValue()) {
                out.add(e.getKey() + "=" + v);
            }
        }
        return String.join("&", out);
    }

    /** The SDK's {@code SignUtils.urlEncode}: URLEncoder, then + as %20, * as %2A, %7E as ~. */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    /** A query part as a URL decoder reads it ("+" is a space there). */
    private static String decodeQuery(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** A path segment: percent escapes decoded, a "+" kept as it is. */
    private static String decodePath(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hexDigit(bytes[i + 1]) >= 0 && hexDigit(bytes[i + 2]) >= 0) {
                out.write(hexDigit(bytes[i + 1]) * 16 + hexDigit(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hexDigit(byte b) {
        return Character.digit(b, 16);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
