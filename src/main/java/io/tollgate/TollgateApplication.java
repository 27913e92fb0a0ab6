package io.tollgate;

import io.tollgate.cli.BenchCommand;
import io.tollgate.cli.ScenarioCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The one deployable. {@code tollgate serve} (or no command) runs the server;
 * {@code tollgate scenario run FILE} plays a scenario file and prints the bills as JSON;
 * {@code tollgate operator-key create --name NAME} prints a new operator key once;
 * {@code tollgate bench settlement|topups|all} measures settlement and top-ups (BENCHMARKS.md);
 * {@code tollgate simulate --seeds N} runs the deterministic simulation (RELIABILITY.md).
 */
@SpringBootApplication
@EnableScheduling
public class TollgateApplication {
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("scenario")) {
            System.exit(ScenarioCommand.run(args));
        }
        if (args.length > 0 && args[0].equals("simulate")) {
            System.exit(io.tollgate.simulation.SimulateCommand.run(args));
        }
        if (args.length > 0 && args[0].equals("operator-key")) {
            System.exit(io.tollgate.cli.OperatorKeyCommand.run(args));
        }
        if (args.length > 0 && args[0].equals("quote")) {
            System.exit(io.tollgate.cli.QuoteCommand.run(args));
        }
        if (args.length > 1 && args[0].equals("bench") && args[1].equals("ingest")) {
            System.exit(io.tollgate.cli.IngestBenchCommand.run(args));
        }
        if (args.length > 0 && args[0].equals("bench")) {
            System.exit(BenchCommand.run(args));
        }
        String[] rest = args.length > 0 && args[0].equals("serve") ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        SpringApplication.run(TollgateApplication.class, rest);
    }
}
