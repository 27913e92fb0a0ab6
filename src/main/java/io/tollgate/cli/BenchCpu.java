package io.tollgate.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where the CPU went while a bench step ran, in seconds: this JVM, the embedded PostgreSQL (its
 * postmaster and every backend and helper process under it), and the whole machine, so that
 * what other programs took meanwhile shows too; and this JVM's peak resident memory so far
 * (VmHWM, server and in-process client together). -1 where it cannot be read (off Linux, or a
 * database on another machine).
 */
public record BenchCpu(double jvmSeconds, double postgresSeconds, double machineSeconds, long jvmPeakRssMb) {
    /** Linux reports process and machine times in ticks of 1/100 s (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100.0;

    static long[] now(long postmaster) {
        return new long[] {jvmNanos(), postgresTicks(postmaster), machineTicks()};
    }

    static BenchCpu since(long[] start, long postmaster) {
        long pg = postgresTicks(postmaster);
        long machine = machineTicks();
        return new BenchCpu(round((jvmNanos() - start[0]) / 1e9),
                start[1] < 0 || pg < 0 ? -1 : round((pg - start[1]) / TICKS_PER_SECOND),
                start[2] < 0 || machine < 0 ? -1 : round((machine - start[2]) / TICKS_PER_SECOND), peakRssMb());
    }

    /** The postmaster's process id when PostgreSQL runs on this machine (the parent of our backend), else -1. */
    static long postmaster(JdbcTemplate jdbc) {
        try {
            long backend = jdbc.queryForObject("select pg_backend_pid()", Long.class);
            return Long.parseLong(stat(Path.of("/proc", Long.toString(backend)))[1]);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static long jvmNanos() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
    }

    /** Busy ticks of all CPUs: user, nice, system, irq, softirq and steal. */
    private static long machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Ticks used by the postmaster, by its live children, and by the children it has reaped. */
    private static long postgresTicks(long postmaster) {
        if (postmaster < 0) {
            return -1;
        }
        try (var dirs = Files.list(Path.of("/proc"))) {
            long ticks = 0;
            List<Path> processes = dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList();
            for (Path dir : processes) {
                String[] f = stat(dir);
                if (f == null) {
                    continue;
                }
                long pid = Long.parseLong(dir.getFileName().toString());
                if (pid == postmaster || Long.parseLong(f[1]) == postmaster) {
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                }
                if (pid == postmaster) {
                    ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]); // cutime, cstime
                }
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The fields of /proc/PID/stat from the third on (state, ppid, ...), or null when the process is gone. */
    private static String[] stat(Path dir) {
        try {
            String text = Files.readString(dir.resolve("stat"));
            return text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException e) {
            return null;
        }
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    /** This JVM's peak resident memory so far in MB (VmHWM), -1 off Linux. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
