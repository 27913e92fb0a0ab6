package io.tollgate.cli;

import io.tollgate.TollgateApplication;
import io.tollgate.customer.CustomerService;
import io.tollgate.customer.IssuedKey;
import io.tollgate.customer.Role;
import io.tollgate.shared.Failure;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code tollgate operator-key create --name NAME [--expires-at INSTANT] [--setting=value ...]}:
 * issues an operator key in the configured database (TOLLGATE_DB_URL, or the embedded one in
 * TOLLGATE_DATA_DIR, which must not be in use by a running server) and prints it once. It is
 * stored hashed like every key; this is how a production installation gets its first key.
 * Exit code 0 with the key on stdout, 1 when the key is refused, 2 for a usage error.
 */
public final class OperatorKeyCommand {
    private static final String USAGE =
            "usage: tollgate operator-key create --name NAME [--expires-at 2027-01-01T00:00:00Z] [--setting=value ...]";

    private OperatorKeyCommand() {
    }

    public static int run(String[] args) {
        return execute(args, System.out, System.err);
    }

    /** {@code args} as on the command line, starting with "operator-key". */
    static int execute(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || !args[1].equals("create")) {
            err.println(USAGE);
            return 2;
        }
        String name = null;
        Instant expiresAt = null;
        List<String> spring = new ArrayList<>(List.of("--tollgate.demo.enabled=false", "--tollgate.jobs.enabled=false", "--tollgate.exports.bill-files.dir=",
                "--tollgate.kafka.enabled=false", "--logging.level.root=WARN", "--spring.main.banner-mode=off"));
        try {
            for (int i = 2; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--name") || a.equals("--expires-at")) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    String value = args[++i];
                    if (a.equals("--name")) {
                        name = value;
                    } else {
                        expiresAt = Instant.parse(value);
                    }
                } else if (a.startsWith("--name=")) {
                    name = a.substring("--name=".length());
                } else if (a.startsWith("--expires-at=")) {
                    expiresAt = Instant.parse(a.substring("--expires-at=".length()));
                } else if (a.startsWith("--") && a.contains("=")) {
                    spring.add(a);
                } else {
                    throw new IllegalArgumentException("unknown argument " + a);
                }
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            err.println("tollgate operator-key: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (name == null || name.isBlank()) {
            err.println("tollgate operator-key: --name is required");
            err.println(USAGE);
            return 2;
        }
        SpringApplication app = new SpringApplication(TollgateApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setLogStartupInfo(false);
        try (ConfigurableApplicationContext context = app.run(spring.toArray(String[]::new))) {
            IssuedKey key = context.getBean(CustomerService.class).issueKey(Role.OPERATOR, null, name, expiresAt);
            err.println("operator key " + key.id() + " (" + key.label() + ") created; it is shown only this once:");
            out.println(key.key());
            return 0;
        } catch (Failure f) {
            err.println("tollgate operator-key: refused [" + f.code() + "]: " + f.getMessage());
            return 1;
        }
    }
}
