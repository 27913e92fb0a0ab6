package io.tollgate.caching;

import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Listens, on a connection of its own, to {@code NOTIFY tollgate_cache}, which the cached tables'
 * triggers send in every transaction that updates or deletes a row (payload {@code cache:key}) or
 * truncates the table (payload {@code cache}), delivered when it commits, to every instance; and
 * empties the named cache of that key. Lookups are served from the caches only while the channel
 * is listened to; losing it empties every cache, and it is listened to again after a second.
 * {@code tollgate.cache.enabled=false} turns every cache off (each lookup reads the database).
 */
@Component
public class Invalidations {
    public static final String CHANNEL = "tollgate_cache";
    private static final Logger LOG = LoggerFactory.getLogger(Invalidations.class);
    private final Map<String, CommittedCache<?>> caches = new ConcurrentHashMap<>();
    private final DataSource dataSource;
    private volatile boolean listening;
    private volatile boolean running = true;
    private final Thread listener;

    public Invalidations(DataSource dataSource, @Value("${tollgate.cache.enabled:true}") boolean enabled) {
        this.dataSource = dataSource;
        this.listener = new Thread(this::listen, "cache-invalidation");
        this.listener.setDaemon(true);
        if (enabled) {
            listener.start();
        }
    }

    /** The cache of that name (its table's trigger announces changes under this name), made on first use. */
    @SuppressWarnings("unchecked")
    public <V> CommittedCache<V> cache(String name, int maxEntries) {
        return (CommittedCache<V>) caches.computeIfAbsent(name, n -> new CommittedCache<>(maxEntries, () -> listening));
    }

    /** Whether the caches serve lookups now (the channel is listened to). */
    public boolean listening() {
        return listening;
    }

    /** Applies one announcement: {@code cache:key} drops a key, {@code cache} the whole cache. */
    void announce(String payload) {
        int colon = payload.indexOf(':');
        CommittedCache<?> cache = caches.get(colon < 0 ? payload : payload.substring(0, colon));
        if (cache == null) {
            return;
        }
        if (colon < 0) {
            cache.evictAll();
        } else {
            cache.evict(payload.substring(colon + 1));
        }
    }

    private void listen() {
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("listen " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                caches.values().forEach(CommittedCache::evictAll);
                listening = true;
                while (running) {
                    PGNotification[] notes = pg.getNotifications(1000);
                    if (notes != null) {
                        for (PGNotification n : notes) {
                            announce(n.getParameter());
                        }
                    }
                    if (c.isClosed()) {
                        break;
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("cache invalidation channel lost ({}); lookups read the database until it is back",
                            e.toString());
                }
            } finally {
                listening = false;
                caches.values().forEach(CommittedCache::evictAll);
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
