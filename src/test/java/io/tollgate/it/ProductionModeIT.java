package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.zaxxer.hikari.HikariDataSource;
import io.tollgate.TollgateApplication;
import io.tollgate.app.TollgateDatabase;
import io.tollgate.customer.CustomerService;
import io.tollgate.customer.Role;
import io.tollgate.shared.BillingClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;

/**
 * Tollgate started on an external database (a PostgreSQL of its own, started here) with no demo
 * setting at all must be in production mode: system clock, no demo data, demo keys refused, and a
 * clock advance refused with 409 before any job runs (hours due stay unsettled).
 */
class ProductionModeIT {
    @TempDir
    Path temp;

    @Test
    void anExternalDatabaseWithoutADemoSettingStartsInProductionMode() throws Exception {
        String external = System.getenv("TOLLGATE_DB_URL");
        assumeFalse(external != null && !external.isBlank(), "starts a PostgreSQL of its own");
        Path dir = temp.resolve("pg");
        TollgateDatabase db = TollgateDatabase.start(new MockEnvironment()
                .withProperty("tollgate.db.embedded.data-dir", dir.toString()).withProperty("tollgate.db.pool-size", "1"));
        try {
            String url = ((HikariDataSource) db.dataSource()).getJdbcUrl();
            String password = Files.readString(dir.resolve(TollgateDatabase.PASSWORD_FILE)).trim();
            SpringApplication app = new SpringApplication(TollgateApplication.class);
            try (ConfigurableApplicationContext ctx = app.run("--tollgate.db.url=" + url, "--tollgate.db.username=postgres",
                    "--tollgate.db.password=" + password, "--server.port=0", "--tollgate.jobs.enabled=false",
                    "--tollgate.db.pool-size=3", "--spring.main.banner-mode=off")) {
                check(ctx, new JdbcTemplate(db.dataSource()));
            }
        } finally {
            db.destroy();
        }
    }

    private static void expect(Api.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
    }

    private void check(ConfigurableApplicationContext ctx, JdbcTemplate jdbc) {
        BillingClock clock = ctx.getBean(BillingClock.class);
        assertThat(clock.mode()).isEqualTo(BillingClock.Mode.SYSTEM);
        assertThat(ctx.getEnvironment().getProperty("tollgate.demo.enabled")).isEqualTo("false");
        assertThat(jdbc.queryForObject("select count(*) from customer_customer", Long.class)).isZero();
        CustomerService customers = ctx.getBean(CustomerService.class);
        String operator = customers.issueKey(Role.OPERATOR, null, "ops").key();
        String platform = customers.issueKey(Role.PLATFORM, null, "platform").key();
        customers.registerDemoKey("tg_demo_operator_key", Role.OPERATOR, null, "demo operator");
        Api api = new Api(((WebServerApplicationContext) ctx).getWebServer().getPort());
        assertThat(api.get("/api/v1/clock", "tg_demo_operator_key").status()).as("demo key").isEqualTo(401);
        assertThat(api.get("/api/v1/clock", operator).json().path("mode").asString()).isEqualTo("SYSTEM");

        // A resource running for three hours: two closed hours are due for settlement. Built here
        // without Fixture, whose once-per-JVM catalog setup belongs to the shared test database.
        expect(api.post("/api/v1/catalog/service-types", operator, Map.of("code", "it", "name", "IT compute")), 201);
        expect(api.post("/api/v1/catalog/resource-types", operator, Map.of("code", "it.compute", "serviceType", "it",
                "name", "test compute", "metering", "RUNTIME", "specKind", "COMPUTE")), 201);
        String spec = "it.cpu.prod";
        expect(api.post("/api/v1/catalog/specs", operator, Map.of("code", spec, "serviceType", "it",
                "kind", "COMPUTE", "name", "test flavor", "vcpus", 2, "memoryGib", 8)), 201);
        expect(api.post("/api/v1/catalog/prices", operator,
                Fixture.price(spec, "HOUR", "1.00", clock.instant().minus(Duration.ofDays(1)))), 201);
        expect(api.post("/api/v1/customers", operator, Map.of("id", "prod-c", "currency", "CNY")), 201);
        String r = "prod-r";
        expect(api.post("/api/v1/platform/resource-events", platform, Map.of("eventId", "prod-ev-1", "type", "CREATED",
                "resourceId", r, "customerId", "prod-c", "occurredAt", clock.instant().minus(Duration.ofHours(3))
                        .toString(), "resourceType", "it.compute", "specCode", spec, "region", Fixture.REGION,
                "nodes", 1)), 201);

        Api.Response advance = api.post("/api/v1/clock/advance", operator, Map.of("by", "PT1H"));
        assertThat(advance.status()).as(advance.body()).isEqualTo(409);
        assertThat(advance.code()).isEqualTo("clock-not-adjustable");
        assertThat(jdbc.queryForObject("select count(*) from settlement_fee_record where resource_id = ?", Long.class, r))
                .as("no job ran before the refusal").isZero();
    }
}
