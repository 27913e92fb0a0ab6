package io.tollgate.billing;

import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.ResourceType;
import io.tollgate.metering.MeteringService;
import io.tollgate.metering.UsageLine;
import io.tollgate.resource.Resource;
import io.tollgate.resource.ResourceService;
import io.tollgate.settlement.FeeCsvSelect;
import io.tollgate.settlement.FeeReads;
import io.tollgate.settlement.FeeRecord;
import io.tollgate.settlement.FeeRecordQuery;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Page;
import io.tollgate.subscription.Order;
import io.tollgate.subscription.PrepaidReads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * The complete detailed bill of a customer month: settled fee records (cursor {@code F<id>}), then
 * prepaid order lines paid or refunded in the month ({@code O<id>}), then usage rated but not
 * settled yet ({@code U<id>}). Each section is read in id order, so a cursor stays valid while
 * lines are added. Fee records are filtered in SQL; orders and unsettled lines (a month holds few
 * of them) are filtered as they are read, in bounded chunks.
 */
@Service
public class BillService {
    private static final int CHUNK = 500;
    private static final String SECTIONS = "FOU";
    private final FeeReads fees;
    private final PrepaidReads prepaid;
    private final MeteringService metering;
    private final CatalogService catalog;
    private final ResourceService resources;
    private final io.tollgate.ledger.LedgerService ledger;
    private final io.tollgate.customer.CustomerService customers;

    BillService(FeeReads fees, PrepaidReads prepaid, MeteringService metering, CatalogService catalog,
                ResourceService resources, io.tollgate.ledger.LedgerService ledger,
                io.tollgate.customer.CustomerService customers) {
        this.ledger = ledger;
        this.customers = customers;
        this.fees = fees;
        this.prepaid = prepaid;
        this.metering = metering;
        this.catalog = catalog;
        this.resources = resources;
    }

    /** One section's lines after an id, at most {@code limit}, matching the filter; fewer means no more. */
    private interface Section {
        List<FeeRecordView> after(long afterId, int limit);
    }

    /** A page of the month's lines matching {@code filter}, from {@code cursor} (null: the start). */
    public Page<FeeRecordView> lines(String customerId, BillingPeriod period, LineFilter filter, String cursor,
                                     int size) {
        List<Section> sections = sections(customerId, period, filter);
        String key = Page.decode(cursor);
        int start = key == null ? 0 : SECTIONS.indexOf(key.isEmpty() ? '?' : key.charAt(0));
        if (start < 0) {
            throw Failure.invalid("invalid-cursor", "the cursor is not one this API returned");
        }
        long afterId = key == null ? 0 : parse(key);
        List<FeeRecordView> items = new ArrayList<>();
        for (int s = start; s < sections.size(); s++) {
            long after = s == start ? afterId : 0;
            int room = size - items.size();
            List<FeeRecordView> rows = sections.get(s).after(after, room + 1);
            if (rows.size() > room) {
                items.addAll(rows.subList(0, room));
                long last = room == 0 ? after : rows.get(room - 1).id();
                return new Page<>(items, Page.encode(SECTIONS.charAt(s) + Long.toString(last)));
            }
            items.addAll(rows);
        }
        return new Page<>(items, null);
    }

    /**
     * Streams every line of the month matching {@code filter} to {@code sink}, section by section in
     * pages of {@code CHUNK}: an exporter's read, which never holds the month in memory.
     */
    public void forEachLine(String customerId, BillingPeriod period, LineFilter filter,
                            Consumer<FeeRecordView> sink) {
        for (Section section : sections(customerId, period, filter)) {
            drain(section, sink);
        }
    }

    /**
     * Streams the month's paid prepaid order lines (purchase, renewal, change, refund, package) to
     * {@code sink}: the part of the detailed bill that is not a fee record.
     */
    public void forEachOrderLine(String customerId, BillingPeriod period, Consumer<FeeRecordView> sink) {
        drain(sections(customerId, period, LineFilter.ALL).get(1), sink);
    }

    /**
     * The month's settled fee records as CSV rows formatted by the database (docs/exports.md): the
     * exporter's fast read of the lines that are most of a month (no per-line objects, no pages).
     */
    public void copyFeeRecords(String customerId, BillingPeriod period, List<FeeCsvSelect> selects,
                               Consumer<byte[]> sink) {
        fees.copyFeeRecords(customerId, period.start(), period.endExclusive(), selects, sink);
    }

    private static void drain(Section section, Consumer<FeeRecordView> sink) {
        long after = 0;
        List<FeeRecordView> rows;
        do {
            rows = section.after(after, CHUNK);
            rows.forEach(sink);
            after = rows.isEmpty() ? after : rows.get(rows.size() - 1).id();
        } while (rows.size() == CHUNK);
    }

    /** Streams the month's transactions (money moved) to {@code sink}, oldest first, in pages of {@code CHUNK}. */
    public void forEachTransaction(String customerId, BillingPeriod period, Consumer<TransactionView> sink) {
        String currency = customers.customer(customerId).currency();
        long after = 0;
        List<io.tollgate.ledger.Transaction> rows;
        do {
            rows = ledger.transactions(customerId, period.start(), period.endExclusive(), after, CHUNK);
            rows.forEach(t -> sink.accept(TransactionView.of(t, currency)));
            after = rows.isEmpty() ? after : rows.get(rows.size() - 1).id();
        } while (rows.size() == CHUNK);
    }

    private List<Section> sections(String customerId, BillingPeriod period, LineFilter f) {
        Map<String, String> serviceOf = catalog.resourceTypes().stream()
                .collect(Collectors.toMap(ResourceType::code, ResourceType::serviceType, (a, b) -> a));
        Set<String> types = resourceTypes(f, serviceOf);
        Section settled = (after, limit) -> !f.wantsFeeRecords() ? List.of()
                : fees.feeRecords(customerId, period.start(), period.endExclusive(), new FeeRecordQuery(f.resourceId(),
                        types, f.billingMode() == null ? null : f.billingMode().name(),
                        f.recordType() == null ? null : f.recordType().name(), f.enterpriseProject()), after, limit)
                .stream().map(r -> FeeRecordView.of(r, serviceOf.get(r.resourceType()))).toList();
        Section orders = (after, limit) -> !f.wantsOrders() ? List.of() : filtered(after, limit,
                (a, n) -> prepaid.paidOrders(customerId, period.start(), period.endExclusive(), a, n),
                Order::id, o -> OrderLines.line(o, context(o, serviceOf)), l -> matches(l, f, types));
        Section unsettled = (after, limit) -> filtered(after, limit,
                (a, n) -> metering.unsettledOf(customerId, period.start(), period.endExclusive(), f.resourceId(), a, n),
                UsageLine::id, l -> FeeRecordView.unsettled(l, serviceOf.get(l.resourceType())),
                l -> f.wantsUnsettled(l.kind()) && matches(l, f, types));
        return List.of(settled, orders, unsettled);
    }

    /** The resource types a service type and a resource type filter leave (null: any). */
    private static Set<String> resourceTypes(LineFilter f, Map<String, String> serviceOf) {
        if (f.serviceType() != null && !serviceOf.containsValue(f.serviceType())) {
            throw Failure.invalid("invalid-filter", "no resource type belongs to service type " + f.serviceType());
        }
        if (f.resourceType() != null && !serviceOf.containsKey(f.resourceType())) {
            throw Failure.invalid("invalid-filter", "no resource type " + f.resourceType());
        }
        if (f.serviceType() == null && f.resourceType() == null) {
            return null;
        }
        return serviceOf.entrySet().stream()
                .filter(e -> f.serviceType() == null || e.getValue().equals(f.serviceType()))
                .filter(e -> f.resourceType() == null || e.getKey().equals(f.resourceType()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    private static boolean matches(FeeRecordView l, LineFilter f, Set<String> types) {
        return (f.resourceId() == null || f.resourceId().equals(l.resourceId()))
                && (types == null || types.contains(l.resourceType()))
                && (f.recordType() == null || f.recordType().name().equals(l.recordType()))
                && (f.enterpriseProject() == null || f.enterpriseProject().equals(l.enterpriseProject()));
    }

    private OrderLines.Context context(Order o, Map<String, String> serviceOf) {
        Resource r;
        try {
            r = resources.resource(o.resourceId());
        } catch (Failure unknown) {
            return new OrderLines.Context(serviceOf.get(o.resourceType()), null, Map.of());
        }
        return new OrderLines.Context(serviceOf.get(o.resourceType()), r.enterpriseProject(), r.tags());
    }

    private interface Fetch<T> {
        List<T> after(long afterId, int limit);
    }

    /** Reads rows in chunks from {@code afterId}, keeping the views that match, until {@code limit} or the end. */
    private static <T> List<FeeRecordView> filtered(long afterId, int limit, Fetch<T> fetch,
                                                    java.util.function.ToLongFunction<T> idOf,
                                                    java.util.function.Function<T, FeeRecordView> view,
                                                    java.util.function.Predicate<FeeRecordView> keep) {
        List<FeeRecordView> out = new ArrayList<>();
        long after = afterId;
        while (true) {
            List<T> rows = fetch.after(after, CHUNK);
            for (T row : rows) {
                after = idOf.applyAsLong(row);
                FeeRecordView v = view.apply(row);
                if (keep.test(v)) {
                    out.add(v);
                    if (out.size() == limit) {
                        return out;
                    }
                }
            }
            if (rows.size() < CHUNK) {
                return out;
            }
        }
    }

    private static long parse(String key) {
        try {
            return Long.parseLong(key.substring(1));
        } catch (NumberFormatException e) {
            throw Failure.invalid("invalid-cursor", "the cursor is not one this API returned");
        }
    }
}
