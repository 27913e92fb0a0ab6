package io.tollgate.it;

import io.tollgate.customer.CustomerService;
import io.tollgate.customer.Role;
import io.tollgate.shared.BillingClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Integration tests run the whole application on a random port against real PostgreSQL (one
 * context shared by all test classes) and talk to it over real HTTP. After each test the ledger
 * auditor recomputes every balance.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class IntegrationTest {
    protected static final String OPERATOR_KEY = "tg_it_operator_key_" + java.util.UUID.randomUUID();
    protected static final String PLATFORM_KEY = "tg_it_platform_key_" + java.util.UUID.randomUUID();
    /** The contexts (by server port) whose database holds the keys: a test with its own context gets them too. */
    private static final java.util.Set<Integer> KEYS_REGISTERED = new java.util.HashSet<>();

    @LocalServerPort
    protected int port;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected CustomerService customers;
    @Autowired
    protected BillingClock clock;

    protected Api api;
    protected Fixture fx;

    @BeforeEach
    void connect() {
        synchronized (IntegrationTest.class) {
            if (KEYS_REGISTERED.add(port)) {
                customers.registerKey(OPERATOR_KEY, Role.OPERATOR, null, "it operator");
                customers.registerKey(PLATFORM_KEY, Role.PLATFORM, null, "it platform");
            }
        }
        api = new Api(port);
        fx = new Fixture(api, clock, OPERATOR_KEY, PLATFORM_KEY);
    }

    @AfterEach
    void auditLedger() {
        LedgerAuditor.audit(jdbc);
    }

    /** Row counts of every table, to prove a refused request wrote nothing. */
    protected java.util.Map<String, Long> rowCounts() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        for (String table : jdbc.queryForList("select tablename from pg_tables where schemaname = current_schema() "
                + "and tablename <> 'flyway_schema_history'", String.class)) {
            counts.put(table, jdbc.queryForObject("select count(*) from " + table, Long.class));
        }
        return counts;
    }
}
