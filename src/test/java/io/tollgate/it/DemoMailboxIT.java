package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.TollgateApplication;
import io.tollgate.messaging.MessageDispatcher;
import io.tollgate.messaging.MessagingService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Demo mode keeps messages in the local mailbox: a notice to a demo customer's e-mail contact is
 * KEPT, the dispatcher sends nothing (no SMTP server is configured, and none is tried), and the
 * customer's mailbox API shows it with its subject and body.
 */
class DemoMailboxIT {
    @TempDir
    Path temp;

    @Test
    void inDemoModeAMessageIsKeptInTheMailboxAndNotSent() {
        String external = System.getenv("TOLLGATE_DB_URL");
        org.junit.jupiter.api.Assumptions.assumeFalse(external != null && !external.isBlank(),
                "starts an embedded PostgreSQL of its own with demo data");
        SpringApplication app = new SpringApplication(TollgateApplication.class);
        try (ConfigurableApplicationContext ctx = app.run("--tollgate.db.embedded.data-dir=" + temp.resolve("pg"),
                "--tollgate.demo.enabled=true", "--server.port=0", "--tollgate.jobs.enabled=false",
                "--tollgate.db.pool-size=4", "--spring.main.banner-mode=off")) {
            Api api = new Api(((WebServerApplicationContext) ctx).getWebServer().getPort());
            String admin = "tg_demo_acme_admin_key";
            Api.Response added = api.post("/api/v1/customers/acme-ml/notification-contacts", admin,
                    Map.of("channel", "EMAIL", "address", "finance@acme.example", "types", List.of("balance-low")));
            assertThat(added.status()).as(added.body()).isEqualTo(201);
            MessagingService messaging = ctx.getBean(MessagingService.class);
            assertThat(messaging.local()).isTrue();
            int told = ctx.getBean(TransactionTemplate.class).execute(s -> messaging.tell("acme-ml", "balance-low",
                    "demo-1", Map.of("customer", "ACME Machine Learning", "available", "3.00 CNY", "threshold",
                            "10.00 CNY"), List.of()));
            assertThat(told).as("to the contact added here and the demo's own").isEqualTo(2);
            assertThat(ctx.getBean(MessageDispatcher.class).pass()).as("nothing to send").isZero();
            JsonNode box = api.get("/api/v1/customers/acme-ml/messages", "tg_demo_acme_finance_key").json();
            // to the contact added here and to the demo's own (billing@acme-ml.example, every type)
            List<JsonNode> items = new java.util.ArrayList<>();
            box.path("items").forEach(items::add);
            assertThat(items).extracting(n -> n.path("address").asString())
                    .containsExactlyInAnyOrder("finance@acme.example", "billing@acme-ml.example");
            JsonNode m = items.stream().filter(n -> n.path("address").asString().equals("finance@acme.example"))
                    .findFirst().orElseThrow();
            assertThat(m.path("state").asString()).isEqualTo("KEPT");
            assertThat(m.path("attempts").asInt()).isZero();
            assertThat(m.path("subject").asString())
                    .isEqualTo("The available balance of ACME Machine Learning is below 10.00 CNY");
            assertThat(m.path("html").asString()).contains("<p>the available balance of ACME Machine Learning is 3.00 CNY");
            assertThat(items).allSatisfy(n -> assertThat(n.path("state").asString()).isEqualTo("KEPT"));
            assertThat(api.get("/api/v1/messages", "tg_demo_operator_key").json().path("items")).hasSize(2);
        }
    }
}
