package io.tollgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Safe defaults: demo mode only with the embedded database and no explicit setting; demo listens on 127.0.0.1. */
class ModeDefaultsTest {

    @Test
    void anExternalDatabaseWithoutADemoSettingMeansProductionMode() {
        for (String url : new String[] {"tollgate.db.url", "spring.datasource.url"}) {
            Map<String, Object> d = ModeDefaults.defaults(new MockEnvironment()
                    .withProperty(url, "jdbc:postgresql://db:5432/tollgate"));
            assertThat(d).as(url).containsEntry("tollgate.demo.enabled", "false")
                    .containsEntry("tollgate.clock.mode", "SYSTEM").doesNotContainKey("server.address");
        }
    }

    @Test
    void theEmbeddedDatabaseWithoutSettingsIsTheDemoOnLoopbackOnly() {
        assertThat(ModeDefaults.defaults(new MockEnvironment())).containsEntry("tollgate.demo.enabled", "true")
                .containsEntry("tollgate.clock.mode", "DEMO").containsEntry("server.address", "127.0.0.1");
    }

    @Test
    void explicitSettingsWin() {
        Map<String, Object> demoOnExternal = ModeDefaults.defaults(new MockEnvironment()
                .withProperty("tollgate.db.url", "jdbc:postgresql://db/tollgate")
                .withProperty("tollgate.demo.enabled", "true")
                .withProperty("TOLLGATE_BIND_ADDRESS", "0.0.0.0"));
        assertThat(demoOnExternal).containsEntry("tollgate.demo.enabled", "true")
                .containsEntry("tollgate.clock.mode", "DEMO").containsEntry("server.address", "0.0.0.0");
        Map<String, Object> bound = ModeDefaults.defaults(new MockEnvironment()
                .withProperty("server.address", "10.0.0.5").withProperty("tollgate.clock.mode", "ADJUSTABLE"));
        assertThat(bound).doesNotContainKeys("server.address", "tollgate.clock.mode");
    }
}
