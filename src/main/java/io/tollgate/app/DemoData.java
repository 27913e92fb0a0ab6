package io.tollgate.app;

import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.MeterService;
import io.tollgate.customer.ConsoleUserService;
import io.tollgate.customer.CustomerService;
import io.tollgate.customer.Role;
import io.tollgate.ledger.LedgerService;
import io.tollgate.metering.MeteringService;
import io.tollgate.catalog.PackageOfferService;
import io.tollgate.metering.PackageService;
import io.tollgate.metering.ResourcePackage;
import io.tollgate.metering.UsageRecord;
import io.tollgate.resource.EventType;
import io.tollgate.resource.ResourceEvent;
import io.tollgate.resource.ResourceService;
import io.tollgate.settlement.SettlementService;
import io.tollgate.shared.BillingMode;
import io.tollgate.shared.Hours;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Seeds the demo once (it does nothing when the demo customer exists): the demo catalog, two
 * customers with keys, top-ups and a few resources that started three hours ago, then settles
 * the hours that closed, so the bills are not empty at first sight. acme-ml also has a bucket and a
 * model service with two hours of usage records (rated at once: the detailed bill shows them), and
 * a monthly package of a million DeepSeek-V3 input tokens from now on (usage reported from now is
 * drawn from it; the seeded hours, being earlier, are pay-per-use). The package shop holds three
 * offers (T4 node-hours, object storage, tokens) that the demo customers can buy.
 */
@Component
@ConditionalOnProperty(name = "tollgate.demo.enabled", havingValue = "true")
public class DemoData {
    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);
    public static final Map<String, String> KEYS = Map.of(
            "operator", "tg_demo_operator_key",
            "platform", "tg_demo_platform_key",
            "acme-ml admin", "tg_demo_acme_admin_key",
            "acme-ml finance", "tg_demo_acme_finance_key",
            "nova-vision admin", "tg_demo_nova_admin_key");

    /** A console user per demo role: e-mail, password, role, customer. */
    public record DemoUser(String email, String password, Role role, String customerId) {
    }

    public static final List<DemoUser> USERS = List.of(
            new DemoUser("operator@tollgate.demo", "demo-operator-pass", Role.OPERATOR, null),
            new DemoUser("admin@acme-ml.demo", "demo-acme-admin-pass", Role.CUSTOMER_ADMIN, "acme-ml"),
            new DemoUser("finance@acme-ml.demo", "demo-acme-finance-pass", Role.CUSTOMER_FINANCE, "acme-ml"),
            new DemoUser("admin@nova-vision.demo", "demo-nova-admin-pass", Role.CUSTOMER_ADMIN, "nova-vision"));

    private final CatalogService catalog;
    private final CustomerService customers;
    private final LedgerService ledger;
    private final ResourceService resources;
    private final SettlementService settlement;
    private final MeterService meters;
    private final MeteringService metering;
    private final PackageService packages;
    private final PackageOfferService offers;
    private final Clock clock;
    private final io.tollgate.messaging.MessagingService messaging;
    private final ConsoleUserService consoleUsers;

    public DemoData(CatalogService catalog, CustomerService customers, LedgerService ledger, ResourceService resources,
                    SettlementService settlement, MeterService meters, MeteringService metering,
                    PackageService packages, PackageOfferService offers, Clock clock,
                    io.tollgate.messaging.MessagingService messaging, ConsoleUserService consoleUsers) {
        this.consoleUsers = consoleUsers;
        this.messaging = messaging;
        this.catalog = catalog;
        this.meters = meters;
        this.metering = metering;
        this.packages = packages;
        this.offers = offers;
        this.customers = customers;
        this.ledger = ledger;
        this.resources = resources;
        this.settlement = settlement;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(1)
    public void seed() {
        if (customers.find("acme-ml").isPresent()) {
            return;
        }
        Instant now = clock.instant();
        Instant start = now.minus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        DemoCatalog.install(catalog, meters, start.minus(Duration.ofDays(30)));
        DemoCatalog.installOffers(offers, now);
        customers.create("acme-ml", "ACME Machine Learning", "CNY", "ENTERPRISE");
        customers.create("nova-vision", "Nova Vision Lab", "CNY", "STANDARD");
        customers.registerDemoKey(KEYS.get("operator"), Role.OPERATOR, null, "demo operator");
        customers.registerDemoKey(KEYS.get("platform"), Role.PLATFORM, null, "demo platform");
        customers.registerDemoKey(KEYS.get("acme-ml admin"), Role.CUSTOMER_ADMIN, "acme-ml", "demo acme admin");
        customers.registerDemoKey(KEYS.get("acme-ml finance"), Role.CUSTOMER_FINANCE, "acme-ml", "demo acme finance");
        customers.registerDemoKey(KEYS.get("nova-vision admin"), Role.CUSTOMER_ADMIN, "nova-vision", "demo nova admin");
        for (DemoUser u : USERS) {
            consoleUsers.create(u.email(), u.password(), u.role(), u.customerId(), null);
        }
        // contacts for every notification type: in demo mode their messages stay in the mailbox
        messaging.addContact("acme-ml", "EMAIL", "billing@acme-ml.example", "en", null);
        messaging.addContact("nova-vision", "SMS", "+8613800138000", "zh", null);
        ledger.topUp("acme-ml", "5000.00", "demo-topup-1");
        ledger.topUp("nova-vision", "20.00", "demo-topup-1");
        create("demo-ev-1", "nb-acme-1", "acme-ml", "modelarts.notebook", "modelarts.vm.gpu.t4", 1, null, start,
                Map.of("team", "vision"));
        create("demo-ev-2", "train-acme-1", "acme-ml", "modelarts.training", "modelarts.vm.npu.910b.8", 2, null,
                start.plusSeconds(900), Map.of("team", "llm"));
        create("demo-ev-3", "disk-acme-1", "acme-ml", "evs.volume", "evs.ssd", null, 1000, start, Map.of());
        create("demo-ev-4", "nb-nova-1", "nova-vision", "modelarts.notebook", "modelarts.vm.gpu.a100.1-7", 1, null,
                start, Map.of("team", "research"));
        seedUsage(start, now);
        SettlementService.Run run = settlement.settleDue(100);
        LOG.info("demo data seeded; settled {} resource-hours", run.resourceHours());
    }

    /** A bucket and a model service of acme-ml, two closed hours of their usage, and a token package from now. */
    private void seedUsage(Instant start, Instant now) {
        create("demo-ev-5", "bucket-acme-1", "acme-ml", "obs.bucket", null, null, null, start, Map.of("team", "vision"));
        create("demo-ev-6", "maas-acme-1", "acme-ml", "maas.service", null, null, null, start, Map.of("team", "llm"));
        // 1,000 units of 1,000 tokens a month: a million input tokens.
        packages.grant("acme-ml", new PackageService.Grant("demo-pkg-deepseek-v3-input",
                "maas.model-deepseek-v3.input", "DeepSeek-V3 input, 1M tokens a month", "1000",
                ResourcePackage.Period.MONTHLY, null, clock.instant().plus(Duration.ofDays(365))));
        List<UsageRecord> records = new ArrayList<>();
        Instant first = Hours.floor(start, clock.getZone()).plus(Hours.ONE);
        for (int h = 0; h < 2; h++) {
            Instant from = first.plus(Hours.ONE.multipliedBy(h));
            Instant to = from.plus(Hours.ONE);
            records.add(usage("demo-obs-std-" + h, "bucket-acme-1", "obs.storage.standard", "500", from, to));
            records.add(usage("demo-obs-get-" + h, "bucket-acme-1", "obs.requests.read", "120000", from, to));
            records.add(usage("demo-obs-out-" + h, "bucket-acme-1", "obs.traffic.out", "2500000000", from, to));
            records.add(usage("demo-v3-in-" + h, "maas-acme-1", "maas.model-deepseek-v3.input", "800000", from, to));
            records.add(usage("demo-v3-out-" + h, "maas-acme-1", "maas.model-deepseek-v3.output", "200000", from, to));
        }
        metering.ingest(records);
    }

    private static UsageRecord usage(String id, String resource, String meter, String quantity, Instant from,
                                     Instant to) {
        return new UsageRecord(id, "acme-ml", resource, meter, quantity, from, to, null, null, null);
    }

    private void create(String eventId, String resourceId, String customer, String type, String spec, Integer nodes,
                        Integer sizeGb, Instant at, Map<String, String> tags) {
        resources.report(new ResourceEvent(eventId, EventType.CREATED, resourceId, customer, at, type, spec,
                DemoCatalog.REGION, BillingMode.PAY_PER_USE, nodes, sizeGb, "default", tags, null));
    }
}
