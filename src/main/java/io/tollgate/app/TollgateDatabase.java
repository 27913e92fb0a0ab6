package io.tollgate.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The PostgreSQL that Tollgate uses. With {@code tollgate.db.url} (env {@code TOLLGATE_DB_URL})
 * or {@code spring.datasource.url} set, that server; otherwise an embedded PostgreSQL started
 * from the binaries on the class path, with its data in {@code tollgate.db.embedded.data-dir},
 * kept across restarts, with fsync and synchronous commit on (money must survive a crash).
 * With {@code tollgate.db.embedded.clean=true} the embedded database starts empty and its folder
 * is deleted when it stops (tests and scenario runs).
 */
public final class TollgateDatabase implements DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(TollgateDatabase.class);
    /** The file the embedded library locks while a JVM runs a database on the folder. */
    private static final String LOCK_FILE = "epg-lock";
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(60);

    /** The file in the data folder that holds the embedded superuser's generated password. */
    public static final String PASSWORD_FILE = "tollgate-password";

    private final EmbeddedPostgres embedded;
    private final HikariDataSource pool;
    private final String description;
    /** Deleted when the database stops (clean mode), else null. */
    private final Path cleanDir;

    private TollgateDatabase(EmbeddedPostgres embedded, HikariDataSource pool, String description, Path cleanDir) {
        this.embedded = embedded;
        this.pool = pool;
        this.description = description;
        this.cleanDir = cleanDir;
    }

    public static TollgateDatabase start(Environment env) throws IOException {
        Optional<String> url = firstNonBlank(env.getProperty("tollgate.db.url"), env.getProperty("spring.datasource.url"));
        int poolSize = env.getProperty("tollgate.db.pool-size", Integer.class, 10);
        if (url.isPresent()) {
            return external(env, url.get(), poolSize);
        }
        Path dir = Path.of(env.getProperty("tollgate.db.embedded.data-dir", "data/postgres")).toAbsolutePath();
        boolean clean = env.getProperty("tollgate.db.embedded.clean", Boolean.class, false);
        Files.createDirectories(dir.getParent());
        stopOrphan(dir);
        if (clean) {
            // The library only deletes the folder when it stops; after a killed run it would
            // otherwise start on the old data, and "clean" promises an empty database.
            deleteRecursively(dir);
        }
        String password = ensurePassword(dir);
        EmbeddedPostgres pg = builder(dir).setConnectConfig("password", password).start();
        String jdbcUrl = pg.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true";
        try {
            return new TollgateDatabase(pg, pool(jdbcUrl, "postgres", password, poolSize),
                    "embedded PostgreSQL on port " + pg.getPort() + ", data in " + dir, clean ? dir : null);
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /**
     * The library runs initdb with {@code -A trust}: anyone on the machine could connect as the
     * superuser. So the first start (or the first on a folder from before this rule) runs once on
     * trust to set a generated password, then pg_hba.conf is rewritten to scram-sha-256 for every
     * connection. The password is kept in the data folder, readable by its owner only (0600).
     * The folder is never cleaned by the library: "clean" is done here, in {@link #destroy()},
     * since its clean mode would run initdb again on the second start.
     */
    static String ensurePassword(Path dir) throws IOException {
        Path file = dir.resolve(PASSWORD_FILE);
        if (Files.exists(file) && Files.exists(dir.resolve("pg_hba.conf"))) {
            writeHba(dir);
            return Files.readString(file).trim();
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try (EmbeddedPostgres trust = builder(dir).start()) {
            new JdbcTemplate(trust.getPostgresDatabase()).execute("alter user postgres password '" + password + "'");
        }
        writeHba(dir);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, password + "\n");
        return password;
    }

    private static void writeHba(Path dir) throws IOException {
        Files.writeString(dir.resolve("pg_hba.conf"), """
                # Written by Tollgate (TollgateDatabase): a password for every connection, no trust.
                local all all scram-sha-256
                host  all all 127.0.0.1/32 scram-sha-256
                host  all all ::1/128 scram-sha-256
                """);
    }

    private static EmbeddedPostgres.Builder builder(Path dir) {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("max_connections", "100");
    }

    private static TollgateDatabase external(Environment env, String url, int poolSize) {
        String user = firstNonBlank(env.getProperty("tollgate.db.username"),
                env.getProperty("spring.datasource.username")).orElse(null);
        String password = firstNonBlank(env.getProperty("tollgate.db.password"),
                env.getProperty("spring.datasource.password")).orElse(null);
        String shown = withoutParameters(url);
        try {
            return new TollgateDatabase(null, pool(url, user, password, poolSize), "external " + shown, null);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the external database " + shown
                    + " (tollgate.db.url / TOLLGATE_DB_URL, user " + user + "): " + e.getMessage(), e);
        }
    }

    /**
     * After a kill -9 of the JVM the embedded postmaster outlives it and keeps the data folder
     * locked. It is ours (same folder), so stop it before starting a new one. A postmaster whose
     * JVM is still alive is not an orphan: that JVM holds the folder's lock file, and stopping
     * its database under it would break a running Tollgate, so refuse instead.
     */
    static void stopOrphan(Path dir) throws IOException {
        ensureNotInUse(dir);
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster = postmasterOf(pidFile, dir);
        if (postmaster.isPresent()) {
            stop(postmaster.get(), pidFile);
        }
        // Stale (no such process any more, or the number now belongs to another program):
        // PostgreSQL could mistake the other program for a running postmaster and refuse to start.
        Files.deleteIfExists(pidFile);
    }

    private static void ensureNotInUse(Path dir) throws IOException {
        Path lockFile = dir.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dir);
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw inUse(dir);
        }
    }

    private static IllegalStateException inUse(Path dir) {
        return new IllegalStateException("the embedded PostgreSQL data folder " + dir
                + " is in use by another running Tollgate; stop it first or set tollgate.db.embedded.data-dir "
                + "(TOLLGATE_DATA_DIR) to another folder");
    }

    /** The live postmaster named in the pid file, if it is a postgres serving this folder. */
    private static Optional<ProcessHandle> postmasterOf(Path pidFile, Path dir) throws IOException {
        List<String> lines = Files.readAllLines(pidFile);
        long pid;
        try {
            pid = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).trim());
        } catch (NumberFormatException e) {
            LOG.warn("ignoring {}: no process number in it", pidFile);
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> {
            ProcessHandle.Info info = p.info();
            boolean postgres = info.command().orElse("").contains("postgres");
            boolean sameFolder = info.commandLine().map(line -> line.contains(dir.toString())).orElse(true);
            return postgres && sameFolder;
        });
    }

    /**
     * SIGTERM is PostgreSQL's "smart" shutdown: with the old JVM dead no client is left, so it
     * checkpoints and exits. If it does not, SIGKILL the postmaster and its backends; the
     * pid file may only go once every one of them has exited, or two postmasters could share
     * the folder.
     */
    private static void stop(ProcessHandle postmaster, Path pidFile) {
        LOG.warn("stopping an orphaned embedded PostgreSQL (pid {}) left by an earlier run", postmaster.pid());
        List<ProcessHandle> backends = postmaster.descendants().toList();
        postmaster.destroy();
        if (awaitExit(postmaster, ORPHAN_STOP_WAIT)) {
            backends.forEach(b -> awaitExit(b, Duration.ofSeconds(10)));
            return;
        }
        LOG.warn("the orphaned PostgreSQL (pid {}) ignored SIGTERM; killing it", postmaster.pid());
        postmaster.destroyForcibly();
        backends.forEach(ProcessHandle::destroyForcibly);
        boolean gone = awaitExit(postmaster, Duration.ofSeconds(10));
        for (ProcessHandle backend : backends) {
            gone &= awaitExit(backend, Duration.ofSeconds(10));
        }
        if (!gone) {
            throw new IllegalStateException("could not stop the PostgreSQL (pid " + postmaster.pid()
                    + ") named in " + pidFile + "; stop it by hand");
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration wait) {
        try {
            process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
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

    /** The URL without its query, which may carry a password: what the banner and logs show. */
    static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
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
        if (cleanDir != null) {
            deleteRecursively(cleanDir);
        }
    }
}
