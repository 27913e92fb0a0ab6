package io.tollgate.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.notify.webhook.WebhookDispatcher;
import io.tollgate.notify.webhook.WebhookSettings;
import io.tollgate.notify.webhook.store.WebhookStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A second process delivering webhooks from the test's database with Tollgate's dispatcher, to be
 * killed (SIGKILL) by the receiver while its request is in flight: arguments are the JDBC URL,
 * user, password and the billing clock's instant.
 */
public final class WebhookCrashChild {
    private WebhookCrashChild() {
    }

    public static void main(String[] args) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername(args[1]);
        config.setPassword(args[2]);
        config.setMaximumPoolSize(4);
        HikariDataSource ds = new HikariDataSource(config);
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        JsonMapper json = JsonMapper.builder().build();
        WebhookSettings settings = new WebhookSettings(Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24), 50, 4);
        WebhookDispatcher dispatcher = new WebhookDispatcher(new WebhookStore(jdbc, json),
                new TransactionTemplate(new DataSourceTransactionManager(ds)),
                Clock.fixed(Instant.parse(args[3]), ZoneOffset.UTC), settings, json, new SimpleMeterRegistry());
        System.out.println("child: " + dispatcher.passAndWait() + " attempts");
    }
}
