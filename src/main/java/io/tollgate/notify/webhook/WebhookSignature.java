package io.tollgate.notify.webhook;

import io.tollgate.shared.Failure;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: a secret is {@code whsec_} and the base64 of its key bytes; the
 * signature of a message is {@code v1,} and the base64 of HMAC-SHA256 over
 * {@code webhook-id + "." + webhook-timestamp + "." + body} with those bytes. The
 * {@code webhook-signature} header lists one signature per signing secret, separated by spaces.
 */
public final class WebhookSignature {
    public static final String SECRET_PREFIX = "whsec_";
    static final int MIN_KEY_BYTES = 24;
    static final int MAX_KEY_BYTES = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A new secret of 32 random bytes. */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The key bytes of a secret, or a 400 {@code invalid-webhook-secret}. */
    public static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw Failure.invalid("invalid-webhook-secret", "a webhook secret is 'whsec_' followed by base64");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw Failure.invalid("invalid-webhook-secret", "the part after 'whsec_' is not base64");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw Failure.invalid("invalid-webhook-secret", "a webhook secret holds " + MIN_KEY_BYTES + " to "
                    + MAX_KEY_BYTES + " bytes, not " + key.length);
        }
        return key;
    }

    /** {@code v1,} and the base64 HMAC-SHA256 of {@code id.timestamp.body} with the secret's key. */
    public static String sign(String secret, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The header value: one signature per secret, in the order given, separated by spaces. */
    public static String header(List<String> secrets, String id, long timestamp, byte[] body) {
        return String.join(" ", secrets.stream().map(s -> sign(s, id, timestamp, body)).toList());
    }

    /** Whether any signature of the header is the secret's (compared in constant time). */
    public static boolean verify(String header, String secret, String id, long timestamp, byte[] body) {
        byte[] expected = sign(secret, id, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        boolean found = false;
        for (String part : header == null ? new String[0] : header.trim().split(" +")) {
            found |= MessageDigest.isEqual(expected, part.getBytes(StandardCharsets.US_ASCII));
        }
        return found;
    }
}
