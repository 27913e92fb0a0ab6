package io.tollgate.cost;

import io.tollgate.billing.DailyCost;
import io.tollgate.cost.CostQuery.Dimension;
import io.tollgate.cost.CostQuery.Kind;
import io.tollgate.resource.BillableSegment;
import io.tollgate.resource.Meter;
import io.tollgate.resource.PoolOccupancy;
import io.tollgate.resource.Resource;
import io.tollgate.resource.ResourceService;
import io.tollgate.shared.Runs;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * Cost per run (issue 10 part 6, docs/cost.md): each run's own cost (the lines tagged with it,
 * {@link Runs}) plus its jobs' shares of the dedicated pools they ran on. A pool's cost of a day
 * (pay-per-use lines and prepaid amortization, in the asked view) is split among the jobs that ran
 * on it that day by node-seconds, and the nodes nobody used that day take the idle share; the parts
 * add up to the pool's cost to the cent ({@link CostCategory#distribute}). The report's total is
 * the customer's total cost for the range: every cost is a run's own, a job's share or idle.
 */
@Service
public class RunCostService {
    /** The run of costs that name none: the value the analysis gives them. */
    public static final String NO_RUN = CostAnalysisService.UNTAGGED;

    private final CostAnalysisService analysis;
    private final ResourceService resources;
    private final Clock clock;

    RunCostService(CostAnalysisService analysis, ResourceService resources, Clock clock) {
        this.analysis = analysis;
        this.resources = resources;
        this.clock = clock;
    }

    /** A run: its own cost, its jobs' pool shares, their node-seconds on pools. */
    public record RunCost(String run, BigDecimal ownCost, BigDecimal poolShare, BigDecimal total, long poolNodeSeconds) {
    }

    /** A job's part of a pool over the range. */
    public record JobShare(String resourceId, String run, long nodeSeconds, BigDecimal share) {
    }

    /** A pool over the range: its cost, node-seconds it offered, used and idle, and who took what. */
    public record PoolCost(String poolId, BigDecimal cost, long capacityNodeSeconds, long usedNodeSeconds,
                           long idleNodeSeconds, BigDecimal idleCost, List<JobShare> jobs) {
    }

    public record Report(String currency, LocalDate from, LocalDate toExclusive, DailyCost.View view, List<RunCost> runs,
                         List<PoolCost> pools, BigDecimal total) {
    }

    public Report runs(String customerId, LocalDate from, LocalDate toExclusive, DailyCost.View view) {
        ZoneId zone = clock.getZone();
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = toExclusive.atStartOfDay(zone).toInstant();
        Instant now = clock.instant();
        // every cost by run and resource type; a pool's is shared below instead of counted as its own run's
        Map<String, BigDecimal> own = new TreeMap<>();
        BigDecimal total = BigDecimal.ZERO;
        CostAnalysisService.Report byRun = analysis.analyse(customerId, new CostQuery(from, toExclusive,
                CostQuery.Granularity.MONTHLY, view, CostQuery.Measure.COST,
                List.of(Dimension.of(Kind.RUN), Dimension.of(Kind.RESOURCE_TYPE)), Map.of()));
        for (CostAnalysisService.Row row : byRun.rows()) {
            total = total.add(row.cost());
            if (!row.keys().get(1).equals(ResourceService.POOL_TYPE)) {
                own.merge(row.keys().get(0), row.cost(), BigDecimal::add);
            }
        }
        // each pool's cost by day
        CostAnalysisService.Report poolDays = analysis.analyse(customerId, new CostQuery(from, toExclusive,
                CostQuery.Granularity.DAILY, view, CostQuery.Measure.COST, List.of(Dimension.of(Kind.RESOURCE)),
                Map.of(Dimension.of(Kind.RESOURCE_TYPE), Set.of(ResourceService.POOL_TYPE))));
        Map<String, Map<LocalDate, BigDecimal>> poolCost = new TreeMap<>();
        for (CostAnalysisService.Row row : poolDays.rows()) {
            poolCost.computeIfAbsent(row.keys().get(0), p -> new TreeMap<>())
                    .merge(row.period().toLocalDate(), row.cost(), BigDecimal::add);
        }
        // node-seconds: what each pool offered (its compute segments) and each job used, by day
        Map<String, Map<LocalDate, Long>> capacity = new HashMap<>();
        for (BillableSegment s : resources.billableSegments(poolCost.keySet(), start, end)) {
            if (s.segment().meter() == Meter.COMPUTE) {
                spread(capacity.computeIfAbsent(s.resourceId(), p -> new HashMap<>()), s.segment().quantity(),
                        s.segment().startedAt(), s.segment().endedAt(), start, end, now, zone);
            }
        }
        Map<String, Map<String, Map<LocalDate, Long>>> used = new TreeMap<>();
        for (PoolOccupancy o : resources.poolOccupancy(customerId, start, end)) {
            spread(used.computeIfAbsent(o.poolId(), p -> new TreeMap<>()).computeIfAbsent(o.resourceId(),
                    j -> new HashMap<>()), o.nodes(), o.startedAt(), o.endedAt(), start, end, now, zone);
        }
        Map<String, String> runOfJob = new HashMap<>();
        used.values().forEach(jobs -> jobs.keySet().forEach(j -> runOfJob.computeIfAbsent(j,
                id -> resources.find(id).map(Resource::tags).map(Runs::of).orElse(null))));
        Map<String, BigDecimal> shares = new TreeMap<>();
        Map<String, Long> runNodeSeconds = new HashMap<>();
        List<PoolCost> pools = new ArrayList<>();
        Set<String> poolIds = new TreeSet<>(poolCost.keySet());
        poolIds.addAll(used.keySet());
        for (String pool : poolIds) {
            PoolCost pc = split(pool, poolCost.getOrDefault(pool, Map.of()), capacity.getOrDefault(pool, Map.of()),
                    used.getOrDefault(pool, Map.of()), runOfJob);
            for (JobShare j : pc.jobs()) {
                shares.merge(j.run(), j.share(), BigDecimal::add);
                runNodeSeconds.merge(j.run(), j.nodeSeconds(), Long::sum);
            }
            pools.add(pc);
        }
        Set<String> runNames = new TreeSet<>(own.keySet());
        runNames.addAll(shares.keySet());
        List<RunCost> runs = new ArrayList<>();
        for (String run : runNames) {
            BigDecimal o = own.getOrDefault(run, BigDecimal.ZERO);
            BigDecimal s = shares.getOrDefault(run, BigDecimal.ZERO);
            runs.add(new RunCost(run, o, s, o.add(s), runNodeSeconds.getOrDefault(run, 0L)));
        }
        return new Report(byRun.currency(), from, toExclusive, view, runs, pools, total);
    }

    /**
     * One pool over the range: each day's cost split among its jobs by that day's node-seconds,
     * the idle node-seconds taking the rest (all of it on a day no job ran), to the cent.
     */
    private static PoolCost split(String pool, Map<LocalDate, BigDecimal> costByDay, Map<LocalDate, Long> capacity,
                                  Map<String, Map<LocalDate, Long>> jobs, Map<String, String> runOfJob) {
        List<String> jobIds = new ArrayList<>(jobs.keySet());
        BigDecimal[] jobShare = new BigDecimal[jobIds.size()];
        long[] jobSeconds = new long[jobIds.size()];
        java.util.Arrays.fill(jobShare, BigDecimal.ZERO);
        BigDecimal cost = BigDecimal.ZERO;
        BigDecimal idleCost = BigDecimal.ZERO;
        long offered = 0;
        long taken = 0;
        Set<LocalDate> days = new TreeSet<>(costByDay.keySet());
        jobs.values().forEach(d -> days.addAll(d.keySet()));
        for (LocalDate day : days) {
            BigDecimal dayCost = costByDay.getOrDefault(day, BigDecimal.ZERO);
            long dayCapacity = capacity.getOrDefault(day, 0L);
            List<BigDecimal> weights = new ArrayList<>();
            long dayUsed = 0;
            for (int i = 0; i < jobIds.size(); i++) {
                long ns = jobs.get(jobIds.get(i)).getOrDefault(day, 0L);
                dayUsed += ns;
                jobSeconds[i] += ns;
                weights.add(BigDecimal.valueOf(ns));
            }
            // nodes nobody used; none when jobs report more than the pool's segments hold
            long idle = Math.max(0, dayCapacity - dayUsed);
            weights.add(BigDecimal.valueOf(dayUsed == 0 ? Math.max(1, idle) : idle));
            List<BigDecimal> parts = CostCategory.distribute(dayCost, weights);
            for (int i = 0; i < jobIds.size(); i++) {
                jobShare[i] = jobShare[i].add(parts.get(i));
            }
            idleCost = idleCost.add(parts.get(jobIds.size()));
            cost = cost.add(dayCost);
            offered += dayCapacity;
            taken += dayUsed;
        }
        List<JobShare> out = new ArrayList<>();
        for (int i = 0; i < jobIds.size(); i++) {
            String run = runOfJob.get(jobIds.get(i));
            out.add(new JobShare(jobIds.get(i), run == null ? NO_RUN : run, jobSeconds[i], jobShare[i]));
        }
        return new PoolCost(pool, cost, offered, taken, Math.max(0, offered - taken), idleCost, out);
    }

    /** Adds {@code nodes} x the seconds of [s, e) (e open: now) within [from, to) to each day of the zone it touches. */
    static void spread(Map<LocalDate, Long> byDay, int nodes, Instant s, Instant e, Instant from, Instant to,
                       Instant now, ZoneId zone) {
        Instant a = s.isBefore(from) ? from : s;
        Instant b = e == null ? (now.isBefore(to) ? now : to) : (e.isAfter(to) ? to : e);
        while (a.isBefore(b)) {
            LocalDate day = a.atZone(zone).toLocalDate();
            Instant next = day.plusDays(1).atStartOfDay(zone).toInstant();
            Instant stop = next.isBefore(b) ? next : b;
            byDay.merge(day, nodes * java.time.Duration.between(a, stop).toSeconds(), Long::sum);
            a = stop;
        }
    }
}
