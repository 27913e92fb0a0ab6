package io.tollgate.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Fingerprints of requests and keys (SHA-256, hex), and the one rule for idempotency keys: every
 * money-moving request carries one, and the same key with another request is refused.
 */
public final class Digests {
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private Digests() {
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Refuses a missing or malformed Idempotency-Key with 400 idempotency-key-required. */
    public static String requireIdempotencyKey(String key) {
        if (key == null || !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw Failure.invalid("idempotency-key-required",
                    "an Idempotency-Key header of 1-128 letters, digits or ._:- is required");
        }
        return key;
    }
}
