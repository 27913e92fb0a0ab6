package io.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.tollgate.app.TollgateDatabase;
import io.tollgate.shared.Digests;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;

/** The first operator key of an installation: printed once, stored only as its hash. */
class OperatorKeyCommandIT {
    @TempDir
    Path temp;

    @Test
    void createsAnOperatorKeyPrintedOnceAndStoredHashed() throws Exception {
        String external = System.getenv("TOLLGATE_DB_URL");
        assumeFalse(external != null && !external.isBlank(), "runs on its own embedded database");
        Path dir = temp.resolve("pg");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OperatorKeyCommand.execute(new String[] {"operator-key", "create", "--name", "first operator",
                        "--tollgate.db.embedded.data-dir=" + dir},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String key = out.toString(StandardCharsets.UTF_8).trim();
        assertThat(key).startsWith("tg_").hasSizeGreaterThan(30).doesNotContain("\n");

        TollgateDatabase db = TollgateDatabase.start(new MockEnvironment()
                .withProperty("tollgate.db.embedded.data-dir", dir.toString()).withProperty("tollgate.db.pool-size", "1"));
        try {
            List<Map<String, Object>> rows = new JdbcTemplate(db.dataSource()).queryForList(
                    "select key_hash, role, label, demo from customer_api_key");
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0)).containsEntry("key_hash", Digests.sha256(key)).containsEntry("role", "OPERATOR")
                    .containsEntry("label", "first operator").containsEntry("demo", false);
            assertThat(rows.get(0).values()).doesNotContain(key);
        } finally {
            db.destroy();
        }
        int usage = OperatorKeyCommand.execute(new String[] {"operator-key", "create"}, new PrintStream(out),
                new PrintStream(err));
        assertThat(usage).isEqualTo(2);
    }
}
