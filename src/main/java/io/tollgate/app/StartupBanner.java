package io.tollgate.app;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Prints where Tollgate listens once it is ready. */
@Component
@ConditionalOnWebApplication
public class StartupBanner {
    private final WebServerApplicationContext context;
    private final TollgateDatabase database;
    private final Environment env;

    public StartupBanner(WebServerApplicationContext context, TollgateDatabase database, Environment env) {
        this.context = context;
        this.database = database;
        this.env = env;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(2)
    public void announce() {
        String base = "http://localhost:" + context.getWebServer().getPort();
        StringBuilder text = new StringBuilder()
                .append("\n==== Tollgate is up ====\n")
                .append("  Console:      ").append(base).append("/console\n")
                .append("  API:          ").append(base).append("/api/v1\n")
                .append("  API docs:     ").append(base).append("/swagger-ui.html  (OpenAPI: ").append(base)
                .append("/v3/api-docs)\n")
                .append("  Health:       ").append(base).append("/actuator/health\n")
                .append("  Metrics:      ").append(base).append("/actuator/prometheus\n")
                .append("  Database:     ").append(database.description()).append('\n');
        if (env.getProperty("tollgate.demo.enabled", Boolean.class, false)) {
            text.append("  Demo console users (e-mail / password):\n");
            DemoData.USERS.forEach(u -> text.append("    ").append(String.format("%-26s", u.email())).append(u.password())
                    .append("   (").append(u.role().name().toLowerCase().replace('_', ' '))
                    .append(u.customerId() == null ? "" : " of " + u.customerId()).append(")\n"));
            text.append("  Demo API keys (send as 'Authorization: Bearer <key>'):\n");
            DemoData.KEYS.forEach((who, key) -> text.append("    ").append(String.format("%-18s", who)).append(key)
                    .append('\n'));
        }
        System.out.println(text);
    }
}
