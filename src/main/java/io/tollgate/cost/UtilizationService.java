package io.tollgate.cost;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tollgate.cost.store.UtilizationStore;
import io.tollgate.resource.Resource;
import io.tollgate.resource.ResourceService;
import io.tollgate.shared.Failure;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Utilization samples the platform reports per resource and minute (issue 10 part 7,
 * docs/cost.md): GPU utilization (absent for a resource without a GPU) and memory utilization, in
 * percent. A sample is kept once per resource and minute: the same values again are a DUPLICATE,
 * other values for a minute already reported are refused; a refused sample never blocks the others.
 * Idle and rightsizing advice read {@link #stats}.
 */
@Service
public class UtilizationService {
    public static final int MAX_BATCH = 10_000;
    /** The longest look-back of advice is 60 days; samples are kept a day longer, then purged. */
    static final Duration KEPT = Duration.ofDays(61);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private final UtilizationStore store;
    private final ResourceService resources;
    private final Clock clock;

    UtilizationService(UtilizationStore store, ResourceService resources, Clock clock) {
        this.store = store;
        this.resources = resources;
        this.clock = clock;
    }

    /** A sample as the platform reports it: {@code at} counts for its minute (seconds dropped). */
    public record UtilizationSample(String resourceId, Instant at, BigDecimal gpuUtil, BigDecimal memoryUtil) {
    }

    /** A stored sample: the resource's customer, the minute, the two utilizations in percent. */
    public record Sample(String customerId, String resourceId, Instant minute, BigDecimal gpuUtil,
                         BigDecimal memoryUtil) {
        boolean sameValues(Sample o) {
            return same(gpuUtil, o.gpuUtil) && same(memoryUtil, o.memoryUtil);
        }

        private static boolean same(BigDecimal a, BigDecimal b) {
            return a == null ? b == null : b != null && a.compareTo(b) == 0;
        }
    }

    /** What became of one sample, in the order sent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SampleOutcome(String resourceId, Instant minute, Status status, String code, String detail) {
        public enum Status { ACCEPTED, DUPLICATE, REFUSED }
    }

    /** A resource's samples over a window: how many and the 95th percentiles (GPU null without GPU samples). */
    public record Stats(String resourceId, long samples, BigDecimal gpuP95, BigDecimal memoryP95) {
    }

    @Transactional
    public List<SampleOutcome> ingest(List<UtilizationSample> samples) {
        if (samples == null || samples.isEmpty() || samples.size() > MAX_BATCH) {
            throw Failure.invalid("batch-size", "a batch holds 1 to " + MAX_BATCH + " samples");
        }
        Instant now = clock.instant();
        SampleOutcome[] out = new SampleOutcome[samples.size()];
        Map<String, Optional<Resource>> known = new HashMap<>();
        List<Sample> valid = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            UtilizationSample s = samples.get(i);
            try {
                valid.add(validate(s, now, known));
                at.add(i);
            } catch (Failure f) {
                out[i] = new SampleOutcome(s == null ? null : s.resourceId(), s == null || s.at() == null ? null
                        : s.at().truncatedTo(ChronoUnit.MINUTES), SampleOutcome.Status.REFUSED, f.code(), f.getMessage());
            }
        }
        Map<UtilizationStore.Key, Sample> seen = new HashMap<>(store.existing(valid));
        List<Sample> fresh = new ArrayList<>();
        List<Integer> freshAt = new ArrayList<>();
        for (int k = 0; k < valid.size(); k++) {
            Sample s = valid.get(k);
            Sample before = seen.putIfAbsent(new UtilizationStore.Key(s.resourceId(), s.minute()), s);
            if (before == null) {
                fresh.add(s);
                freshAt.add(at.get(k));
            } else {
                out[at.get(k)] = before.sameValues(s) ? outcome(s, SampleOutcome.Status.DUPLICATE, null, null)
                        : outcome(s, SampleOutcome.Status.REFUSED, "sample-conflict", "resource " + s.resourceId()
                        + " was reported for " + s.minute() + " before with other values");
            }
        }
        boolean[] inserted = store.insert(fresh);
        for (int k = 0; k < fresh.size(); k++) {
            // a concurrent batch that stored the same minute first makes this one a duplicate in effect
            out[freshAt.get(k)] = outcome(fresh.get(k), inserted[k] ? SampleOutcome.Status.ACCEPTED
                    : SampleOutcome.Status.DUPLICATE, null, null);
        }
        Set<String> customers = new LinkedHashSet<>();
        fresh.forEach(s -> customers.add(s.customerId()));
        customers.forEach(c -> store.purge(c, now.minus(KEPT)));
        return List.of(out);
    }

    /** Each resource of the customer with samples in [from, to), with its count and 95th percentiles. */
    public List<Stats> stats(String customerId, Instant from, Instant to) {
        return store.stats(customerId, from, to);
    }

    private Sample validate(UtilizationSample s, Instant now, Map<String, Optional<Resource>> known) {
        if (s == null || s.resourceId() == null || s.at() == null || s.memoryUtil() == null) {
            throw Failure.invalid("missing-field", "a sample needs resourceId, at and memoryUtil");
        }
        Instant minute = s.at().truncatedTo(ChronoUnit.MINUTES);
        if (minute.isAfter(now)) {
            throw Failure.invalid("sample-in-future", "the sample's minute " + minute + " is after now");
        }
        if (!minute.isAfter(now.minus(KEPT))) {
            throw Failure.invalid("sample-too-old", "samples are kept " + KEPT.toDays() + " days");
        }
        percent("gpuUtil", s.gpuUtil());
        percent("memoryUtil", s.memoryUtil());
        Resource r = known.computeIfAbsent(s.resourceId(), resources::find)
                .orElseThrow(() -> Failure.invalid("unknown-resource", "no resource " + s.resourceId()));
        if (minute.isBefore(r.createdAt().truncatedTo(ChronoUnit.MINUTES))
                || (r.deletedAt() != null && minute.isAfter(r.deletedAt()))) {
            throw Failure.invalid("sample-outside-resource-life", "resource " + r.id() + " did not exist at " + minute);
        }
        return new Sample(r.customerId(), r.id(), minute, s.gpuUtil(), s.memoryUtil());
    }

    private static void percent(String field, BigDecimal v) {
        if (v != null && (v.signum() < 0 || v.compareTo(HUNDRED) > 0 || v.stripTrailingZeros().scale() > 2)) {
            throw Failure.invalid("invalid-utilization", field + " is a percentage from 0 to 100 with at most 2 decimals");
        }
    }

    private static SampleOutcome outcome(Sample s, SampleOutcome.Status status, String code, String detail) {
        return new SampleOutcome(s.resourceId(), s.minute(), status, code, detail);
    }
}
