package io.tollgate.metering;

import io.tollgate.metering.core.Packages;
import io.tollgate.metering.store.PackageStore;
import io.tollgate.metering.store.PackageStore.PeriodKey;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Consumes resource packages as usage is rated (billing-rules.md section 3): after the monthly
 * free quota, before pay-per-use, the package expiring first first, each MONTHLY package from the
 * quota of the month (counted from its start) that holds the usage. An ingestion locks the
 * packages of all its customer-meter pairs at once, in id order, inside its transaction
 * ({@link #lock}), draws from them in memory record by record ({@link Draw#consume}) and writes
 * what each period gave once ({@link Draw#save}): concurrent batches never take the same quota
 * twice nor wait on each other in a circle, and a batch without packages costs one query.
 */
@Component
public class PackageLedger {
    /** The share of a period's quota used at which the customer is told the package is nearly used up. */
    static final BigDecimal NEARLY_USED_UP = new BigDecimal("0.80");
    private final PackageStore store;
    private final ZoneId zone;
    private final io.tollgate.notify.OutboxService outbox;
    private final Clock clock;

    public PackageLedger(PackageStore store, Clock clock, io.tollgate.notify.OutboxService outbox) {
        this.store = store;
        this.clock = clock;
        this.zone = clock.getZone();
        this.outbox = outbox;
    }

    /** A customer and a meter: the packages a usage record may draw from. */
    public record Key(String customerId, String meter) {
    }

    /**
     * Locks the packages of these customer-meter pairs that have not expired at {@code from} (the
     * earliest usage the caller will draw for). Must run in the transaction that rates the usage.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Draw lock(Collection<Key> keys, Instant from) {
        List<ResourcePackage> locked = store.lockUnexpired(keys.stream().map(Key::customerId).toList(),
                keys.stream().map(Key::meter).toList(), from);
        Map<Key, List<ResourcePackage>> byKey = new HashMap<>();
        for (ResourcePackage p : locked) {
            byKey.computeIfAbsent(new Key(p.customerId(), p.meter()), k -> new ArrayList<>()).add(p);
        }
        Map<PeriodKey, BigDecimal> consumed = locked.isEmpty() ? new HashMap<>()
                : store.consumed(locked.stream().map(ResourcePackage::id).toList());
        return new Draw(byKey, consumed, locked);
    }

    /** Consumes up to {@code quantity} price units of the customer's packages for the meter; returns what it took. */
    @Transactional(propagation = Propagation.MANDATORY)
    public BigDecimal consume(String customerId, String meter, BigDecimal quantity, Instant at) {
        Draw draw = lock(List.of(new Key(customerId, meter)), at);
        BigDecimal taken = draw.consume(customerId, meter, quantity, at);
        draw.save();
        return taken;
    }

    /** The locked packages of one transaction and what their periods have given, changed in memory until saved. */
    public final class Draw {
        private final Map<Key, List<ResourcePackage>> packages;
        private final Map<PeriodKey, BigDecimal> consumed;
        private final Map<PeriodKey, BigDecimal> changed = new HashMap<>();
        private final Map<PeriodKey, BigDecimal> before;
        private final Map<String, ResourcePackage> byId = new HashMap<>();

        private Draw(Map<Key, List<ResourcePackage>> packages, Map<PeriodKey, BigDecimal> consumed,
                     List<ResourcePackage> locked) {
            this.packages = packages;
            this.consumed = consumed;
            this.before = new HashMap<>(consumed);
            locked.forEach(p -> byId.put(p.id(), p));
        }

        /**
         * Draws up to {@code quantity} price units for usage at {@code at} from the packages valid
         * then; returns what they gave (zero when none is left).
         */
        public BigDecimal consume(String customerId, String meter, BigDecimal quantity, Instant at) {
            List<ResourcePackage> candidates = packages.get(new Key(customerId, meter));
            if (candidates == null || quantity.signum() <= 0) {
                return BigDecimal.ZERO;
            }
            List<Packages.Available> available = new ArrayList<>();
            Map<String, PeriodKey> periods = new HashMap<>();
            for (ResourcePackage p : candidates) {
                if (!Packages.valid(p, at)) {
                    continue;
                }
                PeriodKey period = new PeriodKey(p.id(), Packages.periodStart(p, at, zone));
                periods.put(p.id(), period);
                BigDecimal left = p.quota().subtract(consumed.getOrDefault(period, BigDecimal.ZERO));
                available.add(new Packages.Available(p.id(), p.expiresAt(), p.startsAt(), left));
            }
            BigDecimal total = BigDecimal.ZERO;
            for (Packages.Taken t : Packages.draw(available, quantity)) {
                PeriodKey period = periods.get(t.packageId());
                BigDecimal now = consumed.getOrDefault(period, BigDecimal.ZERO).add(t.quantity());
                consumed.put(period, now);
                changed.put(period, now);
                total = total.add(t.quantity());
            }
            return total;
        }

        /**
         * Writes what the periods drawn from have given; a period whose use crossed 80% of its
         * quota in this draw is told to the outbox ({@code package.nearly-used-up}, once a period).
         */
        public void save() {
            if (changed.isEmpty()) {
                return;
            }
            store.saveConsumed(changed);
            Instant now = clock.instant();
            for (Map.Entry<PeriodKey, BigDecimal> e : changed.entrySet()) {
                ResourcePackage p = byId.get(e.getKey().packageId());
                BigDecimal mark = p.quota().multiply(NEARLY_USED_UP);
                BigDecimal was = before.getOrDefault(e.getKey(), BigDecimal.ZERO);
                if (p.quota().signum() > 0 && was.compareTo(mark) < 0 && e.getValue().compareTo(mark) >= 0) {
                    Map<String, Object> payload = new java.util.LinkedHashMap<>();
                    payload.put("packageId", p.id());
                    payload.put("name", p.name());
                    payload.put("meter", p.meter());
                    payload.put("periodStart", e.getKey().periodStart().toString());
                    payload.put("quota", p.quota().stripTrailingZeros().toPlainString());
                    payload.put("used", e.getValue().stripTrailingZeros().toPlainString());
                    outbox.append("package:" + p.id() + ":" + e.getKey().periodStart().getEpochSecond() + ":80",
                            "package.nearly-used-up", p.customerId(), p.id(), payload, now);
                }
            }
        }
    }
}
