package io.tollgate.bss;

import io.tollgate.bss.core.SecretCipher;
import io.tollgate.bss.store.BssKeyStore;
import io.tollgate.customer.CustomerService;
import io.tollgate.shared.Failure;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * BSS access keys (AK/SK) of a customer: created by its admin, the secret shown once and kept
 * sealed with AES-256-GCM under {@code tollgate.bss.secret-key} (base64 of 32 bytes) so that
 * signatures can be verified; listed without secrets; revoked.
 */
@Service
public class BssKeyService {
    static final int MAX_KEYS = 10;
    private static final Logger log = LoggerFactory.getLogger(BssKeyService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String AK_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String SK_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private final BssKeyStore store;
    private final CustomerService customers;
    private final Clock clock;
    private final SecretCipher cipher;
    private final String keyId;

    public BssKeyService(BssKeyStore store, CustomerService customers, Clock clock,
                         @Value("${tollgate.bss.secret-key:}") String secretKey,
                         @Value("${tollgate.demo.enabled:false}") boolean demo,
                         @Value("${tollgate.clock.mode:SYSTEM}") String clockMode) {
        this.store = store;
        this.customers = customers;
        this.clock = clock;
        byte[] key;
        if (secretKey != null && !secretKey.isBlank()) {
            key = Base64.getDecoder().decode(secretKey.strip());
        } else if (demo || !"SYSTEM".equals(clockMode)) {
            // demo and test modes only: a fixed development key, so that keys survive a restart there
            key = sha256("tollgate development key for BSS secrets".getBytes(StandardCharsets.UTF_8));
            log.warn("tollgate.bss.secret-key is not set: BSS secret keys are sealed with the development key "
                    + "(demo and test modes only)");
        } else {
            key = null;
        }
        this.cipher = key == null ? null : new SecretCipher(key);
        this.keyId = key == null ? null : HexFormat.of().formatHex(sha256(key)).substring(0, 8);
    }

    /** A new key pair; the secret is in this answer only. */
    public record BssKeyCreated(String accessKey, String secretKey, String label, Instant createdAt) {
    }

    public record BssKeyInfo(String accessKey, String label, Instant createdAt, Instant revokedAt) {
    }

    /** Who an active access key acts for, with its secret to check the signature. */
    public record Active(String accessKey, String customerId, String secretKey) {
    }

    @Transactional
    public BssKeyCreated create(String customerId, String label) {
        customers.customer(customerId);
        SecretCipher c = requireCipher();
        if (label != null && label.length() > 100) {
            throw Failure.invalid("invalid-label", "a label is at most 100 characters");
        }
        if (store.list(customerId).stream().filter(k -> k.revokedAt() == null).count() >= MAX_KEYS) {
            throw Failure.unprocessable("bss-key-limit", "a customer has at most " + MAX_KEYS + " active BSS keys");
        }
        String ak = random(AK_CHARS, 20);
        String sk = random(SK_CHARS, 40);
        SecretCipher.Sealed sealed = c.seal(sk, ak);
        Instant now = clock.instant();
        store.insert(new BssKeyStore.Row(ak, customerId, label, keyId, sealed.iv(), sealed.cipher(), now, null));
        return new BssKeyCreated(ak, sk, label, now);
    }

    public List<BssKeyInfo> list(String customerId) {
        customers.customer(customerId);
        return store.list(customerId).stream().map(r -> new BssKeyInfo(r.accessKey(), r.label(), r.createdAt(),
                r.revokedAt())).toList();
    }

    @Transactional
    public void revoke(String customerId, String accessKey) {
        if (!store.revoke(customerId, accessKey, clock.instant())) {
            throw Failure.notFound("unknown-bss-key", "no active BSS key " + accessKey + " of " + customerId);
        }
    }

    /** The active key's customer and secret; empty for an unknown or revoked key. */
    public Optional<Active> active(String accessKey) {
        if (cipher == null) {
            return Optional.empty();
        }
        return store.find(accessKey).filter(r -> r.revokedAt() == null && keyId.equals(r.keyId())).map(r -> {
            try {
                return new Active(r.accessKey(), r.customerId(), cipher.open(new SecretCipher.Sealed(r.iv(),
                        r.cipher()), r.accessKey()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("BSS key " + r.accessKey() + " does not open with key " + keyId, e);
            }
        });
    }

    /** True the first time a signature is seen within its window; false for a replay. */
    @Transactional
    public boolean firstSight(String signature, Instant now) {
        return store.firstSight(signature, now, now.minus(io.tollgate.bss.core.Signature.SKEW.multipliedBy(2)));
    }

    private SecretCipher requireCipher() {
        if (cipher == null) {
            throw Failure.unprocessable("bss-not-configured", "set tollgate.bss.secret-key (base64 of 32 random "
                    + "bytes) to create BSS keys");
        }
        return cipher;
    }

    private static String random(String alphabet, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
