package io.tollgate.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;

/**
 * The PostgreSQL that Tollgate uses. With {@code tollgate.db.url} (env {@code TOLLGATE_DB_URL})
 * or {@code spring.datasource.url} set, that server; otherwise an embedded PostgreSQL started
 * from the binaries on the class path, with its data in {@code tollgate.db.embedded.data-dir},
 * kept across restarts, with fsync and synchronous commit on (money must survive a crash).
 */
public final class TollgateDatabase implements DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(TollgateDatabase.class);

    private final EmbeddedPostgres embedded;
    private final HikariDataSource pool;
    private final String description;

    private TollgateDatabase(EmbeddedPostgres embedded, HikariDataSource pool, String description) {
        this.embedded = embedded;
        this.pool = pool;
        this.description = description;
    }

    public static TollgateDatabase start(Environment env) throws IOException {
        Optional<String> url = firstNonBlank(env.getProperty("tollgate.db.url"), env.getProperty("spring.datasource.url"));
        int poolSize = env.getProperty("tollgate.db.pool-size", Integer.class, 10);
        if (url.isPresent()) {
            String user = firstNonBlank(env.getProperty("tollgate.db.username"),
                    env.getProperty("spring.datasource.username")).orElse(null);
            String password = firstNonBlank(env.getProperty("tollgate.db.password"),
                    env.getProperty("spring.datasource.password")).orElse(null);
            return new TollgateDatabase(null, pool(url.get(), user, password, poolSize), "external " + url.get());
        }
        Path dir = Path.of(env.getProperty("tollgate.db.embedded.data-dir", "data/postgres")).toAbsolutePath();
        boolean clean = env.getProperty("tollgate.db.embedded.clean", Boolean.class, false);
        Files.createDirectories(dir.getParent());
        stopOrphan(dir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(clean)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "100")
                .start();
        String jdbcUrl = pg.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true";
        return new TollgateDatabase(pg, pool(jdbcUrl, "postgres", null, poolSize),
                "embedded PostgreSQL on port " + pg.getPort() + ", data in " + dir);
    }

    /**
     * After a kill -9 of the JVM the embedded postmaster outlives it and keeps the data folder
     * locked. It is ours (same folder), so stop it before starting a new one.
     */
    private static void stopOrphan(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        try {
            long pid = Long.parseLong(first);
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isPresent() && process.get().info().command().orElse("").contains("postgres")) {
                LOG.warn("stopping an orphaned embedded PostgreSQL (pid {}) left by an earlier run", pid);
                process.get().destroy();
                process.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (NumberFormatException | InterruptedException | java.util.concurrent.ExecutionException
                 | java.util.concurrent.TimeoutException e) {
            LOG.warn("could not stop the process named in {}: {}", pidFile, e.toString());
        }
        Files.deleteIfExists(pidFile);
    }

    private static HikariDataSource pool(String url, String user, String password, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setPoolName("tollgate");
        return new HikariDataSource(config);
    }

    private static Optional<String> firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return Optional.of(a);
        }
        return b != null && !b.isBlank() ? Optional.of(b) : Optional.empty();
    }

    public DataSource dataSource() {
        return pool;
    }

    public String description() {
        return description;
    }

    public boolean embedded() {
        return embedded != null;
    }

    /** Closes the pool first, then the database: the order the embedded library's own hook gets wrong. */
    @Override
    public void destroy() throws IOException {
        pool.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
