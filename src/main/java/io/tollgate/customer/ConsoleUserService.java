package io.tollgate.customer;

import io.tollgate.customer.store.ConsoleUserStore;
import io.tollgate.shared.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Console users: created with a role and scope like API keys, passwords hashed by Spring
 * Security's delegating encoder (bcrypt today, upgradable by its {id} prefix), and locked for
 * {@code tollgate.console.lock-duration} after {@code tollgate.console.max-failures} failed
 * sign-ins in a row.
 */
@Service
public class ConsoleUserService {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,190}\\.[^@\\s.]{2,63}");
    static final int MIN_PASSWORD = 12;
    private final ConsoleUserStore store;
    private final CustomerService customers;
    private final Clock clock;
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final int maxFailures;
    private final Duration lockDuration;

    public ConsoleUserService(ConsoleUserStore store, CustomerService customers, Clock clock,
                              @Value("${tollgate.console.max-failures:5}") int maxFailures,
                              @Value("${tollgate.console.lock-duration:PT15M}") Duration lockDuration) {
        this.store = store;
        this.customers = customers;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.lockDuration = lockDuration;
    }

    /** The encoder the sign-in check uses to compare a password with the stored hash. */
    public PasswordEncoder passwordEncoder() {
        return encoder;
    }

    @Transactional
    public ConsoleUser create(String email, String password, Role role, String customerId, String displayName) {
        if (email == null || !EMAIL.matcher(email).matches()) {
            throw Failure.invalid("invalid-email", "an e-mail address like name@example.com is required");
        }
        if (password == null || password.length() < MIN_PASSWORD || password.length() > 128) {
            throw Failure.invalid("weak-password", "a password has " + MIN_PASSWORD + " to 128 characters");
        }
        if (role == null || role == Role.PLATFORM) {
            throw Failure.invalid("invalid-role", "a console user is OPERATOR, CUSTOMER_ADMIN or CUSTOMER_FINANCE");
        }
        if (role.customerScoped()) {
            customers.customer(customerId);
        } else if (customerId != null) {
            throw Failure.invalid("invalid-user-scope", "operators are not bound to a customer");
        }
        String name = displayName == null || displayName.isBlank() ? email : displayName.strip();
        long id = store.insert(email, encoder.encode(password), role, customerId, name, clock.instant())
                .orElseThrow(() -> Failure.conflict("user-exists", "a console user with this e-mail exists"));
        return store.find(id).orElseThrow();
    }

    /** The user and stored hash for a sign-in; a lock that has run out is cleared first. */
    public Optional<ConsoleSignIn> forSignIn(String email) {
        Optional<ConsoleSignIn> found = store.findByEmail(email);
        Instant now = clock.instant();
        found.filter(u -> u.user().lockedUntil() != null && !u.user().lockedAt(now))
                .ifPresent(u -> store.clearExpiredLock(u.user().id(), now));
        return found.map(u -> u.user().lockedUntil() != null && !u.user().lockedAt(now) ? store.findByEmail(email).orElseThrow() : u);
    }

    /** Counts a failed sign-in; true when this failure locked the user. */
    public boolean recordFailure(String email) {
        return store.recordFailure(email, maxFailures, clock.instant().plus(lockDuration)) == maxFailures;
    }

    public void recordSuccess(long id) {
        store.recordSuccess(id, clock.instant());
    }

    public boolean locked(ConsoleUser user) {
        return user.lockedAt(clock.instant());
    }

    public ConsoleUser user(long id) {
        return store.find(id).orElseThrow(() -> Failure.notFound("unknown-user", "no console user " + id));
    }

    public List<ConsoleUser> users(String customerId) {
        return store.list(customerId);
    }

    /** Disables a user; {@code customerId} limits it to that customer's users (null: any). */
    @Transactional
    public void disable(long id, String customerId) {
        if (!store.disable(id, customerId, clock.instant())) {
            throw Failure.notFound("unknown-user", "no active console user " + id);
        }
    }
}
