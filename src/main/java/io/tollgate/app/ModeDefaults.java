package io.tollgate.app;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertyResolver;

/**
 * Safe defaults, decided once the configuration is read. Demo mode ({@code tollgate.demo.enabled})
 * is on by default only for the embedded database: with an external one ({@code tollgate.db.url},
 * {@code TOLLGATE_DB_URL} or {@code spring.datasource.url}) and no explicit demo setting, Tollgate
 * starts in production mode (system clock, no demo data, demo keys refused). The clock mode
 * follows: DEMO in demo mode, SYSTEM otherwise. In demo mode the server listens on 127.0.0.1
 * unless a bind address is configured ({@code server.address} or {@code TOLLGATE_BIND_ADDRESS}).
 * Explicit settings always win: these are added as the last property source.
 */
public class ModeDefaults implements EnvironmentPostProcessor, Ordered {
    static final String SOURCE = "tollgateModeDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults(environment)));
    }

    /** The defaults for settings the configuration leaves unset. */
    static Map<String, Object> defaults(PropertyResolver env) {
        Map<String, Object> defaults = new HashMap<>();
        boolean external = isSet(env, "tollgate.db.url") || isSet(env, "spring.datasource.url");
        boolean demo = isSet(env, "tollgate.demo.enabled")
                ? env.getProperty("tollgate.demo.enabled", Boolean.class, false) : !external;
        defaults.put("tollgate.demo.enabled", Boolean.toString(demo));
        if (!isSet(env, "tollgate.clock.mode")) {
            defaults.put("tollgate.clock.mode", demo ? "DEMO" : "SYSTEM");
        }
        if (!isSet(env, "server.address")) {
            if (isSet(env, "TOLLGATE_BIND_ADDRESS")) {
                defaults.put("server.address", env.getProperty("TOLLGATE_BIND_ADDRESS"));
            } else if (demo) {
                defaults.put("server.address", "127.0.0.1");
            }
        }
        return defaults;
    }

    private static boolean isSet(PropertyResolver env, String name) {
        String value = env.getProperty(name);
        return value != null && !value.isBlank();
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
