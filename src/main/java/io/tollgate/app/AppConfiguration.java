package io.tollgate.app;

import io.tollgate.shared.BillingClock;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The database and the clock. */
@Configuration
public class AppConfiguration {

    @Bean
    public TollgateDatabase tollgateDatabase(Environment env) throws IOException {
        return TollgateDatabase.start(env);
    }

    @Bean
    public DataSource dataSource(TollgateDatabase database) {
        return database.dataSource();
    }

    /**
     * SYSTEM follows real time; DEMO (the default of the quick start) follows real time plus
     * whatever was advanced through the API; ADJUSTABLE (tests and scenarios) starts at
     * {@code tollgate.clock.start} (default: now) and moves only when advanced.
     */
    @Bean
    public BillingClock billingClock(Environment env) {
        ZoneId zone = ZoneId.of(env.getProperty("tollgate.billing.zone", "+08:00"));
        BillingClock.Mode mode = BillingClock.Mode.valueOf(env.getProperty("tollgate.clock.mode", "SYSTEM"));
        return switch (mode) {
            case SYSTEM -> BillingClock.system(zone);
            case DEMO -> BillingClock.demo(zone);
            case ADJUSTABLE -> {
                String start = env.getProperty("tollgate.clock.start", "");
                yield BillingClock.adjustable(zone,
                        start.isBlank() ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : Instant.parse(start));
            }
        };
    }
}
