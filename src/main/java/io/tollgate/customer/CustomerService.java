package io.tollgate.customer;

import io.tollgate.customer.store.CustomerStore;
import io.tollgate.shared.Digests;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Text;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Customers and API keys: the public face of the customer domain. */
@Service
public class CustomerService {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern LEVEL = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CustomerStore store;
    private final Clock clock;

    public CustomerService(CustomerStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
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
        String lvl = level == null ? "STANDARD" : level;
        if (!LEVEL.matcher(lvl).matches()) {
            throw Failure.invalid("invalid-level", "level must be 1-32 letters, digits, '_' or '-'");
        }
        Customer customer = new Customer(id, name == null || name.isBlank() ? id : name, currency, lvl, clock.instant());
        if (!store.insert(customer)) {
            throw Failure.conflict("customer-exists", "customer " + id + " already exists");
        }
        return customer;
    }

    public Customer customer(String id) {
        return find(id).orElseThrow(() -> Failure.notFound("unknown-customer", "no customer " + id));
    }

    public Optional<Customer> find(String id) {
        return id == null ? Optional.empty() : store.find(id);
    }

    public List<Customer> page(String afterId, int limit) {
        return store.page(afterId, limit);
    }

    /** Issues a new random key. Customer roles need a customer; operator and platform keys must not have one. */
    @Transactional
    public IssuedKey issueKey(Role role, String customerId, String label) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return registerKey("tg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), role, customerId, label);
    }

    /** Registers a key whose plain text the caller chose (demo data and scenario files). */
    @Transactional
    public IssuedKey registerKey(String plainKey, Role role, String customerId, String label) {
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
        String prefix = plainKey.substring(0, 8);
        String text = label == null ? role.name().toLowerCase() : label;
        if (!store.insertKey(hash(plainKey), prefix, role, customerId, text, clock.instant())) {
            throw Failure.conflict("key-exists", "this key is already registered");
        }
        return new IssuedKey(plainKey, prefix, role, customerId, text);
    }

    public Optional<Caller> authenticate(String plainKey) {
        return plainKey == null || plainKey.isBlank() ? Optional.empty() : store.findKey(hash(plainKey.trim()));
    }

    private static String hash(String key) {
        return Digests.sha256(key);
    }
}
