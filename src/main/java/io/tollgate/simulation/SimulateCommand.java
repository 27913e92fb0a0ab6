package io.tollgate.simulation;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tollgate simulate --seeds N [--first-seed S] [--months M] [--restarts R] [--check-every K]
 * [--shrink-trials T] [--kill]}: plays N seeds, each on its own embedded PostgreSQL, and prints one
 * line per seed and the speed in simulated months per minute. A failing seed prints its seed, the
 * violation and a shrunk step list that still fails. {@code --kill} also plays each seed against a
 * child server JVM killed with kill -9 ({@link KillRun}). Exit code 0 when every seed held, 1 when
 * one failed, 2 on a usage error.
 */
public final class SimulateCommand {
    static final String USAGE = "usage: tollgate simulate --seeds N [--first-seed S] [--months M] [--restarts R] "
            + "[--check-every K] [--shrink-trials T] [--kill]";

    private SimulateCommand() {
    }

    record Options(int seeds, long firstSeed, int months, int restarts, int checkEvery, int shrinkTrials,
                   boolean kill) {
        static Options parse(List<String> args) {
            Map<String, String> values = new LinkedHashMap<>();
            boolean kill = false;
            for (int i = 1; i < args.size(); i++) {
                String name = args.get(i);
                if (name.equals("--kill")) {
                    kill = true;
                    continue;
                }
                if (!List.of("--seeds", "--first-seed", "--months", "--restarts", "--check-every", "--shrink-trials")
                        .contains(name) || i + 1 >= args.size()) {
                    throw new IllegalArgumentException("unknown option or missing value: " + name);
                }
                values.put(name, args.get(++i));
            }
            return new Options(number(values, "--seeds", 10, 1, 100_000),
                    number(values, "--first-seed", 1, 0, Integer.MAX_VALUE), number(values, "--months", 2, 1, 24),
                    number(values, "--restarts", 2, 0, 100), number(values, "--check-every", 1, 1, 10_000),
                    number(values, "--shrink-trials", 60, 0, 10_000), kill);
        }

        private static int number(Map<String, String> values, String name, int otherwise, int min, int max) {
            String v = values.get(name);
            if (v == null) {
                return otherwise;
            }
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " takes a whole number");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + " is between " + min + " and " + max);
            }
            return n;
        }
    }

    public static int run(String[] args) {
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        return execute(options, System.out);
    }

    static int execute(Options o, PrintStream out) {
        int failed = 0;
        Duration total = Duration.ZERO;
        for (long seed = o.firstSeed(); seed < o.firstSeed() + o.seeds(); seed++) {
            List<Step> steps = SimulationGenerator.generate(seed, new SimulationGenerator.Options(o.months(), 5,
                    o.restarts()));
            Simulation.Result r = Simulation.play(steps, o.checkEvery());
            total = total.plus(r.elapsed());
            out.printf(Locale.ROOT, "seed %d: %s, %d of %d steps, %d restarts, %.1f s, refusals %s, totals %s%n", seed,
                    r.ok() ? "ok" : "FAILED", r.played(), steps.size(), r.restarts(), r.elapsed().toMillis() / 1000.0,
                    r.refusals(), r.totals());
            if (!r.ok()) {
                failed++;
                report(seed, r, o, out);
            }
            if (o.kill()) {
                KillRun.Result k = KillRun.play(seed, steps, out);
                out.printf(Locale.ROOT, "seed %d kill -9: %s%n", seed, k.ok() ? "ok" : "FAILED " + k.violation());
                if (!k.ok()) {
                    failed++;
                }
            }
        }
        double minutes = total.toMillis() / 60_000.0;
        out.printf(Locale.ROOT, "%d seeds x %d months: %d failed; %.1f simulated months per minute (%.1f s in all)%n",
                o.seeds(), o.months(), failed, o.seeds() * o.months() / Math.max(minutes, 1e-9), total.toMillis() / 1000.0);
        return failed == 0 ? 0 : 1;
    }

    /** Prints the seed, the violation and the shrunk step list. */
    static void report(long seed, Simulation.Result r, Options o, PrintStream out) {
        out.println("  seed " + seed + " failed at step " + r.failedStepId() + ": " + r.violation().getMessage());
        String invariant = r.violation().invariant();
        List<Step> shrunk = Shrinker.shrink(r.steps(), r.failedStepId(), candidate -> {
            Simulation.Result again = Simulation.play(candidate, 1);
            return !again.ok() && again.violation().invariant().equals(invariant);
        }, o.shrinkTrials());
        out.println("  shrunk to " + shrunk.size() + " steps (replay: Simulation.play(steps, 1)):");
        shrunk.forEach(s -> out.println("    " + s));
    }
}
