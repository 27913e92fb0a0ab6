package io.tollgate.customer;

import io.tollgate.customer.store.CustomerStore;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The API keys seen, by hash, so that a request does not look its key up again (issue 14). Kept
 * correct across instances by the database: a revocation sends {@code NOTIFY tollgate_api_keys}
 * with the key's hash in its transaction, and every instance listens on a connection of its own
 * and drops the key when the commit is announced. While that connection is not listening (at
 * start, after a connection loss) the cache is bypassed and emptied, so that no revocation can be
 * missed. Only active keys are kept; expiry and demo mode are checked at each use; an unknown
 * key is looked up every time (a key created elsewhere works at once).
 */
@Component
public class KeyCache {
    private static final Logger LOG = LoggerFactory.getLogger(KeyCache.class);
    static final int MAX_KEYS = 100_000;
    private final Map<String, CustomerStore.StoredKey> keys = new ConcurrentHashMap<>();
    /** Counts invalidations: a key loaded while one happened is not kept (it may predate the revocation). */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
    private final DataSource dataSource;
    private final boolean enabled;
    private volatile boolean listening;
    private volatile boolean running = true;
    private final Thread listener;

    public KeyCache(DataSource dataSource, @Value("${tollgate.cache.api-keys:true}") boolean enabled) {
        this.dataSource = dataSource;
        this.enabled = enabled;
        this.listener = new Thread(this::listen, "api-key-invalidation");
        this.listener.setDaemon(true);
        if (enabled) {
            listener.start();
        }
    }

    Optional<CustomerStore.StoredKey> find(String hash, Function<String, Optional<CustomerStore.StoredKey>> load) {
        if (!listening) {
            return load.apply(hash);
        }
        CustomerStore.StoredKey cached = keys.get(hash);
        if (cached != null) {
            return Optional.of(cached);
        }
        long before = generation.get();
        Optional<CustomerStore.StoredKey> found = load.apply(hash);
        if (found.isPresent() && found.get().revokedAt() == null && keys.size() < MAX_KEYS && listening) {
            keys.put(hash, found.get());
            if (generation.get() != before) {
                keys.remove(hash);
            }
        }
        return found;
    }

    void evict(String hash) {
        generation.incrementAndGet();
        keys.remove(hash);
    }

    /** Whether lookups are served from the cache now (the invalidation channel is listened to). */
    public boolean listening() {
        return listening;
    }

    private void listen() {
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("listen " + CustomerStore.KEY_CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                generation.incrementAndGet();
                keys.clear();
                listening = true;
                while (running) {
                    PGNotification[] notes = pg.getNotifications(1000);
                    if (notes != null) {
                        for (PGNotification n : notes) {
                            evict(n.getParameter());
                        }
                    }
                    if (c.isClosed()) {
                        break;
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("API key invalidation channel lost ({}); keys are looked up until it is back", e.toString());
                }
            } finally {
                listening = false;
                generation.incrementAndGet();
                keys.clear();
            }
            if (running) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        listening = false;
        listener.interrupt();
    }
}
