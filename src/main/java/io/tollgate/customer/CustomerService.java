package io.tollgate.customer;

import io.tollgate.customer.store.CustomerStore;
import io.tollgate.shared.Digests;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Text;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Customers and API keys: the public face of the customer domain. */
@Service
public class CustomerService {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern LEVEL = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key the caller chooses needs at least this many characters and this many bits by a Shannon estimate. */
    static final int MIN_KEY_LENGTH = 24;
    static final double MIN_KEY_BITS = 96;

    private final CustomerStore store;
    private final Clock clock;
    private final DemoMode demoMode;

    /** Whether demo keys are honoured: only while demo mode ({@code tollgate.demo.enabled}) is on. */
    public enum DemoMode { ON, OFF }


    public CustomerService(CustomerStore store, Clock clock,
                           @Value("${tollgate.demo.enabled:false}") boolean demoEnabled) {
        this.store = store;
        this.clock = clock;
        this.demoMode = demoEnabled ? DemoMode.ON : DemoMode.OFF;
    }

    @Transactional
    public Customer create(String id, String name, String currency, String level) {
        if (id == null || !ID.matcher(id).matches()) {
            throw Failure.invalid("invalid-customer-id", "id must be 1-64 letters, digits, '_' or '-'");
        }
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            throw Failure.invalid("invalid-currency", "currency must be an ISO 4217 code such as CNY");
        }
        Text.name("name", name);
        String lvl = level(level == null ? "STANDARD" : level);
        Customer customer = new Customer(id, name == null || name.isBlank() ? id : name, currency, lvl, clock.instant());
        if (!store.insert(customer)) {
            throw Failure.conflict("customer-exists", "customer " + id + " already exists");
        }
        return customer;
    }

    private static String level(String level) {
        if (level == null || !LEVEL.matcher(level).matches()) {
            throw Failure.invalid("invalid-level", "level must be 1-32 letters, digits, '_' or '-'");
        }
        return level;
    }

    /**
     * Moves a customer to another level: its lifecycle policy (grace and retention days) applies
     * from the next transition the lifecycle computes.
     */
    @Transactional
    public Customer setLevel(String id, String level) {
        String lvl = level(level);
        customer(id);
        store.updateLevel(id, lvl);
        return customer(id);
    }

    public Customer customer(String id) {
        return find(id).orElseThrow(() -> Failure.notFound("unknown-customer", "no customer " + id));
    }

    public Optional<Customer> find(String id) {
        return id == null ? Optional.empty() : store.find(id);
    }

    /**
     * The customer as last committed, from the cache when it holds it: for hot read paths
     * (ingestion) that take no lock on the customer and do not write it in the same transaction.
     */
    public Optional<Customer> cached(String id) {
        return store.findCommitted(id);
    }

    public List<Customer> page(String afterId, int limit) {
        return store.page(afterId, limit);
    }

    /**
     * Issues a new random key (192 bits). Customer roles need a customer; operator and platform
     * keys must not have one. {@code expiresAt} is optional and must lie in the future.
     */
    @Transactional
    public IssuedKey issueKey(Role role, String customerId, String label, Instant expiresAt) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return insertKey("tg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), role, customerId, label,
                expiresAt, KeyKind.REGULAR);
    }

    public IssuedKey issueKey(Role role, String customerId, String label) {
        return issueKey(role, customerId, label, null);
    }

    /**
     * Registers a key whose plain text the caller chose (tests, benchmarks). It must be long and
     * varied enough: at least {@value #MIN_KEY_LENGTH} characters and {@value #MIN_KEY_BITS} bits by
     * a Shannon estimate over its characters, else {@code weak-key}.
     */
    @Transactional
    public IssuedKey registerKey(String plainKey, Role role, String customerId, String label) {
        if (plainKey == null || plainKey.length() < MIN_KEY_LENGTH || estimatedBits(plainKey) < MIN_KEY_BITS) {
            throw Failure.invalid("weak-key", "a chosen key needs at least " + MIN_KEY_LENGTH + " characters and about "
                    + (int) MIN_KEY_BITS + " bits of entropy; let Tollgate issue one instead");
        }
        return insertKey(plainKey, role, customerId, label, null, KeyKind.REGULAR);
    }

    /** Registers one of the published demo keys: marked as demo, it works only while demo mode is on. */
    @Transactional
    public IssuedKey registerDemoKey(String plainKey, Role role, String customerId, String label) {
        return insertKey(plainKey, role, customerId, label, null, KeyKind.DEMO);
    }

    /** A customer's API keys (null: the platform's), newest first, without the keys themselves. */
    public List<KeyInfo> keys(String customerId) {
        if (customerId != null) {
            customer(customerId);
        }
        return store.keys(customerId);
    }

    /** Whether a key is one of the published demo keys. */
    public enum KeyKind { REGULAR, DEMO }

    /** Revokes a key by its id; {@code customerId} limits it to that customer's keys (null: any key). */
    @Transactional
    public void revokeKey(long keyId, String customerId) {
        Optional<String> hash = store.revokeKey(keyId, customerId, clock.instant());
        if (hash.isEmpty()) {
            throw Failure.notFound("unknown-key", "no active key " + keyId + (customerId == null ? "" : " of " + customerId));
        }
    }

    /** Shannon entropy of the key's own character frequencies, times its length, in bits. */
    static double estimatedBits(String key) {
        Map<Integer, Long> counts = key.chars().boxed()
                .collect(java.util.stream.Collectors.groupingBy(c -> c, java.util.stream.Collectors.counting()));
        double bitsPerChar = 0;
        for (long n : counts.values()) {
            double p = (double) n / key.length();
            bitsPerChar -= p * Math.log(p) / Math.log(2);
        }
        return bitsPerChar * key.length();
    }

    private IssuedKey insertKey(String plainKey, Role role, String customerId, String label, Instant expiresAt,
                                KeyKind kind) {
        if (role == null) {
            throw Failure.invalid("missing-field", "role is required");
        }
        if (role.customerScoped()) {
            customer(customerId);
        } else if (customerId != null) {
            throw Failure.invalid("invalid-key-scope", role + " keys are not bound to a customer");
        }
        if (plainKey == null || plainKey.length() < 12 || plainKey.length() > 128) {
            throw Failure.invalid("invalid-key", "a key has 12 to 128 characters");
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw Failure.invalid("key-expiry-in-past", "expiresAt must lie in the future (now " + now + ")");
        }
        String prefix = plainKey.substring(0, 8);
        String text = label == null ? role.name().toLowerCase() : label;
        Optional<Long> id = store.insertKey(hash(plainKey), prefix, role, customerId, text, now, expiresAt,
                kind == KeyKind.DEMO);
        if (id.isEmpty()) {
            throw Failure.conflict("key-exists", "this key is already registered");
        }
        return new IssuedKey(plainKey, id.get(), prefix, role, customerId, text, expiresAt);
    }

    /**
     * The caller of a key, unless the key is unknown, revoked, expired, or a demo key while demo
     * mode is off.
     */
    /**
     * The caller a key stands for, or why it is refused: {@code key-missing}, {@code key-unknown},
     * {@code key-revoked}, {@code key-expired}, {@code key-demo-only} (a demo key outside demo mode).
     */
    public KeyCheck authenticate(String plainKey) {
        if (plainKey == null || plainKey.isBlank()) {
            return KeyCheck.refused("key-missing", "an API key is required (Authorization: Bearer <key>)");
        }
        Optional<CustomerStore.StoredKey> found = store.findKeyCommitted(hash(plainKey.trim()));
        if (found.isEmpty()) {
            return KeyCheck.refused("key-unknown", "the API key is not known");
        }
        CustomerStore.StoredKey k = found.get();
        if (k.revokedAt() != null) {
            return KeyCheck.refused("key-revoked", "the API key was revoked at " + k.revokedAt());
        }
        if (k.expiresAt() != null && !clock.instant().isBefore(k.expiresAt())) {
            return KeyCheck.refused("key-expired", "the API key expired at " + k.expiresAt());
        }
        if (k.demo() && demoMode != DemoMode.ON) {
            return KeyCheck.refused("key-demo-only", "a demo key works only in demo mode");
        }
        return new KeyCheck(k.caller(), null, null);
    }

    /** The outcome of {@link #authenticate}: a caller, or a refusal code and its detail. */
    public record KeyCheck(Caller caller, String code, String detail) {
        static KeyCheck refused(String code, String detail) {
            return new KeyCheck(null, code, detail);
        }

        public boolean ok() {
            return caller != null;
        }
    }

    private static String hash(String key) {
        return Digests.sha256(key);
    }
}
