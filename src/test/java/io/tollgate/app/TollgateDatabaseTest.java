package io.tollgate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;

/**
 * The database Tollgate starts by itself: durable settings, data kept across restarts, recovery
 * from an orphaned postmaster after the JVM was killed, and the external mode. No Spring context.
 * The embedded cases are skipped when TOLLGATE_DB_URL points the build at an external server.
 */
class TollgateDatabaseTest {
    private static final String EXTERNAL_URL = System.getenv("TOLLGATE_DB_URL");

    @TempDir
    Path temp;

    @Test
    void embeddedDatabaseIsDurable() throws IOException {
        assumeEmbedded();
        TollgateDatabase db = TollgateDatabase.start(embeddedIn(temp.resolve("pg")));
        try {
            assertThat(db.embedded()).isTrue();
            assertThat(db.description()).startsWith("embedded");
            Map<String, String> settings = new JdbcTemplate(db.dataSource()).query(
                    "select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes')",
                    rs -> {
                        Map<String, String> found = new java.util.TreeMap<>();
                        while (rs.next()) {
                            found.put(rs.getString("name"), rs.getString("setting"));
                        }
                        return found;
                    });
            assertThat(settings).containsExactlyInAnyOrderEntriesOf(
                    Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"));
        } finally {
            db.destroy();
        }
    }

    /**
     * The library's initdb trusts every local connection; Tollgate's embedded database must not:
     * without the generated password (kept in the data folder, owner-only) a connection is refused.
     */
    @Test
    void embeddedDatabaseRequiresItsGeneratedPassword() throws Exception {
        assumeEmbedded();
        Path dir = temp.resolve("pg");
        for (int start = 0; start < 2; start++) {
            TollgateDatabase db = TollgateDatabase.start(embeddedIn(dir));
            try {
                int port = new JdbcTemplate(db.dataSource()).queryForObject("select current_setting('port')::int",
                        Integer.class);
                String url = "jdbc:postgresql://localhost:" + port + "/postgres";
                assertThatThrownBy(() -> java.sql.DriverManager.getConnection(url, "postgres", null).close())
                        .as("no password").isInstanceOf(java.sql.SQLException.class);
                assertThatThrownBy(() -> java.sql.DriverManager.getConnection(url, "postgres", "wrong").close())
                        .as("a wrong password").isInstanceOf(java.sql.SQLException.class)
                        .hasMessageContaining("password authentication failed");
                Path file = dir.resolve(TollgateDatabase.PASSWORD_FILE);
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
                try (java.sql.Connection ok = java.sql.DriverManager.getConnection(url, "postgres",
                        Files.readString(file).trim())) {
                    assertThat(ok.isValid(5)).as("start " + start).isTrue();
                }
            } finally {
                db.destroy();
            }
        }
    }

    @Test
    void embeddedDataIsKeptAcrossRestarts() throws IOException {
        assumeEmbedded();
        Path dir = temp.resolve("pg");
        withDatabase(embeddedIn(dir), jdbc -> {
            jdbc.execute("create table kept (id int primary key, note text not null)");
            return jdbc.update("insert into kept values (1, 'survives a restart')");
        });
        assertThat(dir.resolve("postmaster.pid")).doesNotExist();

        String note = withDatabase(embeddedIn(dir), jdbc -> jdbc.queryForObject("select note from kept where id = 1", String.class));
        assertThat(note).isEqualTo("survives a restart");
    }

    @Test
    void cleanModeStartsEmptyAndDeletesItsFolder() throws IOException {
        assumeEmbedded();
        Path dir = temp.resolve("pg");
        withDatabase(embeddedIn(dir), jdbc -> jdbc.update("create table leftover (id int)"));

        MockEnvironment clean = embeddedIn(dir).withProperty("tollgate.db.embedded.clean", "true");
        Long leftovers = withDatabase(clean, jdbc -> jdbc.queryForObject(
                "select count(*) from pg_tables where tablename = 'leftover'", Long.class));
        assertThat(leftovers).isZero();
        assertThat(dir).doesNotExist();
    }

    /** A second Tollgate on a folder that a live one uses must not stop the live one's database. */
    @Test
    void refusesAFolderInUseByARunningDatabase() throws IOException {
        assumeEmbedded();
        Path dir = temp.resolve("pg");
        TollgateDatabase running = TollgateDatabase.start(embeddedIn(dir));
        try {
            long pid = postmasterPid(dir);
            assertThatThrownBy(() -> TollgateDatabase.start(embeddedIn(dir)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another running Tollgate");
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
            assertThat(new JdbcTemplate(running.dataSource()).queryForObject("select 1", Integer.class)).isEqualTo(1);
        } finally {
            running.destroy();
        }
    }

    /**
     * kill -9 of the JVM leaves its postmaster running on the folder. A child JVM starts the
     * database, commits a row and is killed; the next start must stop the orphan and find the row.
     */
    @Test
    void stopsThePostmasterOrphanedByAKilledJvm() throws Exception {
        assumeEmbedded();
        Path dir = temp.resolve("pg");
        Path log = temp.resolve("child.log");
        Process child = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                OrphanMaker.class.getName(), dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Optional<ProcessHandle> orphan = Optional.empty();
        try {
            awaitLine(log, OrphanMaker.READY, child, Duration.ofMinutes(2));
            long pid = postmasterPid(dir);
            orphan = ProcessHandle.of(pid);
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertThat(child.isAlive()).isFalse();
            assertThat(orphan.map(ProcessHandle::isAlive)).as("postmaster outlives its JVM").contains(true);

            TollgateDatabase next = TollgateDatabase.start(embeddedIn(dir));
            try {
                assertThat(orphan.get().isAlive()).as("orphan stopped").isFalse();
                assertThat(postmasterPid(dir)).isNotEqualTo(pid);
                assertThat(new JdbcTemplate(next.dataSource()).queryForObject(
                        "select note from committed_before_kill", String.class)).isEqualTo("durable");
            } finally {
                next.destroy();
            }
        } finally {
            child.destroyForcibly();
            orphan.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void anUnreachableExternalDatabaseFailsInsteadOfStartingAnEmbeddedOne() {
        Path dir = temp.resolve("pg");
        MockEnvironment env = embeddedIn(dir)
                .withProperty("tollgate.db.url", "jdbc:postgresql://127.0.0.1:1/tollgate?password=secret")
                .withProperty("tollgate.db.username", "nobody");
        assertThatThrownBy(() -> TollgateDatabase.start(env))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to the external database jdbc:postgresql://127.0.0.1:1/tollgate")
                .hasMessageNotContaining("secret");
        assertThat(dir).doesNotExist();
    }

    /** With TOLLGATE_DB_URL set (as .ci/run does), the environment variable alone selects that server. */
    @Test
    void externalDatabaseFromTheEnvironmentVariable() throws IOException {
        assumeTrue(EXTERNAL_URL != null && !EXTERNAL_URL.isBlank(), "TOLLGATE_DB_URL is not set");
        TollgateDatabase db = TollgateDatabase.start(new StandardEnvironment());
        try {
            assertThat(db.embedded()).isFalse();
            assertThat(db.description()).isEqualTo("external " + TollgateDatabase.withoutParameters(EXTERNAL_URL));
            assertThat(new JdbcTemplate(db.dataSource()).queryForObject("select current_database()", String.class))
                    .isNotBlank();
        } finally {
            db.destroy();
        }
    }

    @Test
    void descriptionsDoNotShowUrlParameters() {
        assertThat(TollgateDatabase.withoutParameters("jdbc:postgresql://db:5432/tollgate?user=a&password=b"))
                .isEqualTo("jdbc:postgresql://db:5432/tollgate");
        assertThat(TollgateDatabase.withoutParameters("jdbc:postgresql://db/tollgate"))
                .isEqualTo("jdbc:postgresql://db/tollgate");
    }

    private static void assumeEmbedded() {
        assumeFalse(EXTERNAL_URL != null && !EXTERNAL_URL.isBlank(), "TOLLGATE_DB_URL is set: external database mode");
    }

    /** Starts the database, runs the body on it and always stops it again. */
    private static <T> T withDatabase(MockEnvironment env, Function<JdbcTemplate, T> body) throws IOException {
        TollgateDatabase db = TollgateDatabase.start(env);
        try {
            return body.apply(new JdbcTemplate(db.dataSource()));
        } finally {
            db.destroy();
        }
    }

    private static MockEnvironment embeddedIn(Path dir) {
        return new MockEnvironment()
                .withProperty("tollgate.db.embedded.data-dir", dir.toString())
                .withProperty("tollgate.db.pool-size", "2");
    }

    private static long postmasterPid(Path dir) throws IOException {
        return Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void awaitLine(Path log, String line, Process child, Duration wait) throws Exception {
        Instant deadline = Instant.now().plus(wait);
        while (Instant.now().isBefore(deadline)) {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            if (lines.contains(line)) {
                return;
            }
            if (!child.isAlive()) {
                throw new AssertionError("child JVM exited with " + child.exitValue() + ":\n" + String.join("\n", lines));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("child JVM not ready after " + wait + ":\n"
                + Files.readAllLines(log).stream().collect(Collectors.joining("\n")));
    }

    /** Run in a child JVM: starts the database on the folder, commits a row, then waits to be killed. */
    static final class OrphanMaker {
        static final String READY = "ORPHAN-MAKER-READY";

        public static void main(String[] args) throws Exception {
            TollgateDatabase db = TollgateDatabase.start(embeddedIn(Path.of(args[0])));
            JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
            jdbc.execute("create table committed_before_kill (note text not null)");
            jdbc.update("insert into committed_before_kill values ('durable')");
            System.out.println(READY);
            System.out.flush();
            Thread.sleep(Duration.ofMinutes(10).toMillis());
        }
    }
}
