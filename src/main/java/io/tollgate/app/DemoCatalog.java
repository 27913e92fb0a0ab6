package io.tollgate.app;

import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.Meter;
import io.tollgate.catalog.MeterPrice;
import io.tollgate.catalog.MeterService;
import io.tollgate.catalog.Metering;
import io.tollgate.catalog.PackageOffer;
import io.tollgate.catalog.PackageOfferService;
import io.tollgate.catalog.ResourceType;
import io.tollgate.catalog.Spec;
import io.tollgate.catalog.SpecKind;
import io.tollgate.catalog.Unit;
import io.tollgate.shared.BillingMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A catalog of AI-platform flavors (CPU, GPU with whole cards and shares, NPU) for notebooks,
 * training jobs, inference services and dedicated pools, and EVS disks, priced in CNY in
 * region cn-north-4. Used by the demo and by scenario files that say {@code demo: true}.
 *
 * <p>Prepaid (yearly/monthly) prices, for pools, Lite Server, Lite Cluster and their disks: a
 * month costs {@value #HOURS_IN_MONTHLY_PRICE} hours at the pay-per-use price (74% of a 730-hour
 * month, so a month's term pays for itself above 540 hours of use a month), a year costs 10 months
 * (the term discount: about 450 hours a month). The compute flavors are priced per node-MONTH and
 * node-YEAR, the SAS and SSD disks per GB_MONTH and GB_YEAR; the notebook disk stays pay-per-use,
 * as notebooks, training jobs and inference services on public pools do.
 *
 * <p>{@link #install(CatalogService, MeterService, Instant)} installs the whole demo catalog: the
 * above, a whole A100 card with a quarter card priced by its share of it, and the usage-metered
 * billing items (object storage, file storage, notifications, logs, model tokens) with their
 * meters and prices, listed with their formulas in docs/billing-items.md.
 */
public final class DemoCatalog {
    public static final String REGION = "cn-north-4";
    public static final String CURRENCY = "CNY";
    /** A monthly price is this many hours at the hourly price; a yearly price is 10 monthly prices. */
    public static final int HOURS_IN_MONTHLY_PRICE = 540;
    public static final int MONTHS_IN_YEARLY_PRICE = 10;
    /** A whole A100 card, and a quarter card priced by its share of it. */
    public static final String FULL_A100 = "modelarts.vm.gpu.a100";
    public static final String QUARTER_A100 = "modelarts.vm.gpu.a100.1-4";

    private DemoCatalog() {
    }

    private record Flavor(String code, String name, Integer vcpus, Integer memoryGib, String gpuModel, Integer gpuNum,
                          Integer gpuDen, String npuModel, Integer npuCount, String hourlyPrice) {
    }

    private static final List<Flavor> FLAVORS = List.of(
            new Flavor("modelarts.vm.cpu.2u8g", "CPU 2 vCPUs 8 GiB", 2, 8, null, null, null, null, null, "0.66"),
            new Flavor("modelarts.vm.cpu.8u32g", "CPU 8 vCPUs 32 GiB", 8, 32, null, null, null, null, null, "2.64"),
            new Flavor("modelarts.vm.gpu.t4", "GPU 1 x T4 8 vCPUs 32 GiB", 8, 32, "NVIDIA-T4", 1, 1, null, null, "6.30"),
            new Flavor("modelarts.vm.gpu.a100.1-7", "GPU 1/7 A100 (MIG 1g.10gb) 4 vCPUs 16 GiB", 4, 16, "NVIDIA-A100-80G",
                    1, 7, null, null, "4.20"),
            new Flavor("modelarts.vm.gpu.a100.1-2", "GPU 1/2 A100 8 vCPUs 64 GiB", 8, 64, "NVIDIA-A100-80G", 1, 2, null,
                    null, "14.70"),
            new Flavor("modelarts.vm.gpu.v100.8", "GPU 8 x V100 64 vCPUs 512 GiB", 64, 512, "NVIDIA-V100-32G", 8, 1, null,
                    null, "192.00"),
            new Flavor("modelarts.vm.npu.910b.1", "NPU 1 x Ascend 910B 24 vCPUs 192 GiB", 24, 192, null, null, null,
                    "Ascend-910B", 1, "21.50"),
            new Flavor("modelarts.vm.npu.910b.8", "NPU 8 x Ascend 910B 192 vCPUs 1536 GiB", 192, 1536, null, null, null,
                    "Ascend-910B", 8, "172.00"));

    private record Disk(String code, String name, String gbHourPrice, boolean prepaid) {
    }

    private static final List<Disk> DISKS = List.of(
            new Disk("evs.notebook.ssd", "Notebook SSD", "0.0014000000", false),
            new Disk("evs.sas", "High I/O (SAS)", "0.0000420000", true),
            new Disk("evs.ssd", "Ultra-high I/O (SSD)", "0.0000640000", true));

    /** Installs the demo catalog; prices take effect at {@code effectiveFrom}. */
    public static void install(CatalogService catalog, Instant effectiveFrom) {
        catalog.defineServiceType("modelarts", "ModelArts");
        catalog.defineServiceType("evs", "Elastic Volume Service");
        for (Disk d : DISKS) {
            catalog.addSpec(new Spec(d.code(), "evs", SpecKind.STORAGE, d.name(), null, null, null, null, null, null,
                    null));
            catalog.publishPrice(new CatalogService.PriceDraft(d.code(), REGION, BillingMode.PAY_PER_USE, Unit.GB_HOUR,
                    d.gbHourPrice(), CURRENCY, effectiveFrom));
            if (d.prepaid()) {
                publishPrepaid(catalog, d.code(), SpecKind.STORAGE, d.gbHourPrice(), effectiveFrom);
            }
        }
        for (Flavor f : FLAVORS) {
            catalog.addSpec(new Spec(f.code(), "modelarts", SpecKind.COMPUTE, f.name(), f.vcpus(), f.memoryGib(),
                    f.gpuModel(), f.gpuNum(), f.gpuDen(), f.npuModel(), f.npuCount()));
            catalog.publishPrice(new CatalogService.PriceDraft(f.code(), REGION, BillingMode.PAY_PER_USE, Unit.HOUR,
                    f.hourlyPrice(), CURRENCY, effectiveFrom));
            publishPrepaid(catalog, f.code(), SpecKind.COMPUTE, f.hourlyPrice(), effectiveFrom);
        }
        catalog.defineResourceType(new ResourceType("modelarts.notebook", "modelarts", "Notebook", Metering.RUNTIME,
                SpecKind.COMPUTE, "evs.notebook.ssd", 5));
        catalog.defineResourceType(new ResourceType("modelarts.training", "modelarts", "Training job", Metering.RUNTIME,
                SpecKind.COMPUTE, null, null));
        catalog.defineResourceType(new ResourceType("modelarts.inference", "modelarts", "Inference service",
                Metering.RUNTIME, SpecKind.COMPUTE, null, null));
        catalog.defineResourceType(new ResourceType("modelarts.pool", "modelarts", "Dedicated resource pool",
                Metering.RUNTIME, SpecKind.COMPUTE, null, null, true));
        catalog.defineResourceType(new ResourceType("modelarts.lite-server", "modelarts", "Lite Server",
                Metering.RUNTIME, SpecKind.COMPUTE, null, null, true));
        catalog.defineResourceType(new ResourceType("modelarts.lite-cluster", "modelarts", "Lite Cluster",
                Metering.RUNTIME, SpecKind.COMPUTE, null, null, true));
        catalog.defineResourceType(new ResourceType("evs.volume", "evs", "EVS disk", Metering.CAPACITY,
                SpecKind.STORAGE, null, null));
    }

    /**
     * The whole demo catalog: compute flavors and disks ({@link #install(CatalogService, Instant)}),
     * GPU shares priced by share, and the usage-metered items of {@link DemoUsageItems}.
     */
    public static void install(CatalogService catalog, MeterService meters, Instant effectiveFrom) {
        install(catalog, effectiveFrom);
        // A whole A100 card, and a quarter of it priced by its share: 29.40 / 4 = 7.35 an hour (and
        // a quarter of the card's monthly and yearly prices). The 1/7 and 1/2 shares above keep
        // prices of their own, which happen to be the same shares of 29.40.
        catalog.addSpec(new Spec(FULL_A100, "modelarts", SpecKind.COMPUTE, "GPU 1 x A100 16 vCPUs 128 GiB", 16, 128,
                "NVIDIA-A100-80G", 1, 1, null, null));
        catalog.publishPrice(new CatalogService.PriceDraft(FULL_A100, REGION, BillingMode.PAY_PER_USE, Unit.HOUR,
                "29.40", CURRENCY, effectiveFrom));
        publishPrepaid(catalog, FULL_A100, SpecKind.COMPUTE, "29.40", effectiveFrom);
        catalog.addSpec(new Spec(QUARTER_A100, "modelarts", SpecKind.COMPUTE, "GPU 1/4 A100 (priced by share) 4 vCPUs "
                + "32 GiB", 4, 32, "NVIDIA-A100-80G", 1, 4, null, null, FULL_A100));
        installUsageItems(catalog, meters, effectiveFrom);
    }

    private static final String GB_BYTES = "1000000000";
    private static final long MONTH_SECONDS = 2_628_000L;
    private static final long DAY_SECONDS = 86_400L;
    private static final long HOUR_SECONDS = 3_600L;

    private record UsageType(String code, String service, String serviceName, String name, SpecKind specKind) {
    }

    private static final List<UsageType> USAGE_TYPES = List.of(
            new UsageType("obs.bucket", "obs", "Object Storage Service", "OBS bucket", SpecKind.STORAGE),
            new UsageType("sfs.share", "sfs", "Scalable File Service", "SFS file share", SpecKind.STORAGE),
            new UsageType("smn.topic", "smn", "Simple Message Notification", "SMN topic", SpecKind.COMPUTE),
            new UsageType("lts.group", "lts", "Log Tank Service", "LTS log group", SpecKind.STORAGE),
            new UsageType("maas.service", "maas", "ModelArts Studio (MaaS)", "MaaS model service", SpecKind.COMPUTE));

    /**
     * A usage meter and its first price. {@code tiers} alternates upper bound and unit price
     * (the last bound null); {@code freeQuota} is in price units a month, or a quantity stored all
     * month where {@code basis} is STORED_QUANTITY.
     */
    private record Item(Meter meter, MeterPrice.Model model, List<String> tiers, String freeQuota,
                        MeterPrice.FreeQuotaBasis basis) {
        static Item flat(Meter meter, String unitPrice, String freeQuota) {
            return new Item(meter, MeterPrice.Model.FLAT, java.util.Arrays.asList(null, unitPrice), freeQuota,
                    MeterPrice.FreeQuotaBasis.PRICE_UNITS);
        }

        static Item flatStored(Meter meter, String unitPrice, String freeStoredQuantity) {
            return new Item(meter, MeterPrice.Model.FLAT, java.util.Arrays.asList(null, unitPrice), freeStoredQuantity,
                    MeterPrice.FreeQuotaBasis.STORED_QUANTITY);
        }
    }

    private static Meter count(String code, String type, String name, String quantityUnit, String priceUnit,
                               String unitSize) {
        return new Meter(code, type, name, quantityUnit, priceUnit, Meter.Measure.COUNT, null, new BigDecimal(unitSize),
                false);
    }

    private static Meter overTime(String code, String type, String name, String quantityUnit, String priceUnit,
                                  long periodSeconds, String unitSize, boolean roundUpHours) {
        return new Meter(code, type, name, quantityUnit, priceUnit, Meter.Measure.QUANTITY_TIME, periodSeconds,
                new BigDecimal(unitSize), roundUpHours);
    }

    /** The usage-metered items of billing-rules.md section 2 (docs/billing-items.md gives each formula). */
    private static final List<Item> USAGE_ITEMS = List.of(
            // Object storage: GB held x seconds / 730 h, per storage class; requests per 1,000 by
            // kind; downstream traffic per GB (10^9 bytes), graduated above 10,000 GB a month.
            Item.flat(overTime("obs.storage.standard", "obs.bucket", "OBS standard storage", "GB", "GB-month",
                    MONTH_SECONDS, "1", false), "0.099", null),
            Item.flat(overTime("obs.storage.infrequent", "obs.bucket", "OBS infrequent access storage", "GB",
                    "GB-month", MONTH_SECONDS, "1", false), "0.08", null),
            Item.flat(overTime("obs.storage.archive", "obs.bucket", "OBS archive storage", "GB", "GB-month",
                    MONTH_SECONDS, "1", false), "0.033", null),
            Item.flat(count("obs.requests.read", "obs.bucket", "OBS read requests (GET, HEAD, LIST)", "request",
                    "1,000 requests", "1000"), "0.001", null),
            Item.flat(count("obs.requests.write", "obs.bucket", "OBS write requests (PUT, POST, COPY)", "request",
                    "1,000 requests", "1000"), "0.01", null),
            Item.flat(count("obs.requests.delete", "obs.bucket", "OBS delete requests", "request", "1,000 requests",
                    "1000"), "0.001", null),
            new Item(count("obs.traffic.out", "obs.bucket", "OBS downstream internet traffic", "byte", "GB", GB_BYTES),
                    MeterPrice.Model.GRADUATED, java.util.Arrays.asList("10000", "0.50", null, "0.45"), null,
                    MeterPrice.FreeQuotaBasis.PRICE_UNITS),
            // File storage: GB x hours, a started hour counting whole.
            Item.flat(overTime("sfs.capacity", "sfs.share", "SFS capacity", "GB", "GB-hour", HOUR_SECONDS, "1", true),
                    "0.00048", null),
            // Notifications: SMS and e-mail per message, HTTP(S) per million calls, and the e-mail and
            // HTTP(S) downstream traffic per GB with its first GB a month free.
            Item.flat(count("smn.sms", "smn.topic", "SMN SMS", "message", "message", "1"), "0.045", null),
            Item.flat(count("smn.email", "smn.topic", "SMN e-mail", "message", "message", "1"), "0.00002", null),
            Item.flat(count("smn.http", "smn.topic", "SMN HTTP(S) calls", "call", "1,000,000 calls", "1000000"),
                    "0.60", null),
            Item.flat(count("smn.traffic.out", "smn.topic", "SMN e-mail and HTTP(S) downstream traffic", "byte", "GB",
                    GB_BYTES), "0.50", "1"),
            // Logs: read/write and index volume per GB, standard storage per GB-day; each with 500 MB
            // (0.5 GB of 10^9 bytes, so 500,000,000 bytes) free a month. For storage that is 500 MB
            // stored all month: 0.5 GB x the month's days in GB-days (15.5 in a 31-day month).
            Item.flat(count("lts.readwrite", "lts.group", "LTS read/write volume", "byte", "GB", GB_BYTES), "0.35",
                    "0.5"),
            Item.flat(count("lts.index", "lts.group", "LTS index volume", "byte", "GB", GB_BYTES), "0.35", "0.5"),
            Item.flatStored(overTime("lts.storage", "lts.group", "LTS standard storage", "byte", "GB-day",
                    DAY_SECONDS, GB_BYTES, false), "0.001128", "0.5"),
            // Model tokens: input and output per 1,000 tokens, priced per model.
            Item.flat(count("maas.model-deepseek-v3.input", "maas.service", "DeepSeek-V3 input tokens", "token",
                    "1,000 tokens", "1000"), "0.002", null),
            Item.flat(count("maas.model-deepseek-v3.output", "maas.service", "DeepSeek-V3 output tokens", "token",
                    "1,000 tokens", "1000"), "0.008", null),
            Item.flat(count("maas.model-deepseek-r1.input", "maas.service", "DeepSeek-R1 input tokens", "token",
                    "1,000 tokens", "1000"), "0.004", null),
            Item.flat(count("maas.model-deepseek-r1.output", "maas.service", "DeepSeek-R1 output tokens", "token",
                    "1,000 tokens", "1000"), "0.016", null),
            Item.flat(count("maas.model-qwen3-32b.input", "maas.service", "Qwen3-32B input tokens", "token",
                    "1,000 tokens", "1000"), "0.001", null),
            Item.flat(count("maas.model-qwen3-32b.output", "maas.service", "Qwen3-32B output tokens", "token",
                    "1,000 tokens", "1000"), "0.004", null));

    private static void installUsageItems(CatalogService catalog, MeterService meters, Instant effectiveFrom) {
        for (UsageType t : USAGE_TYPES) {
            catalog.defineServiceType(t.service(), t.serviceName());
            catalog.defineResourceType(new ResourceType(t.code(), t.service(), t.name(), Metering.USAGE, t.specKind(),
                    null, null));
        }
        for (Item item : USAGE_ITEMS) {
            meters.define(item.meter());
            List<MeterService.TierDraft> tiers = new java.util.ArrayList<>();
            for (int i = 0; i < item.tiers().size(); i += 2) {
                tiers.add(new MeterService.TierDraft(item.tiers().get(i), item.tiers().get(i + 1)));
            }
            meters.publish(new MeterService.PriceDraft(item.meter().code(), REGION, CURRENCY, item.model(), tiers,
                    item.freeQuota(), effectiveFrom, item.basis()));
        }
    }

    /** The MONTH (GB_MONTH) and YEAR (GB_YEAR) prices derived from the hourly one, e.g. T4: 6.30 -> 3402 -> 34020. */
    private static void publishPrepaid(CatalogService catalog, String spec, SpecKind kind, String hourlyPrice,
                                       Instant effectiveFrom) {
        BigDecimal monthly = new BigDecimal(hourlyPrice).multiply(BigDecimal.valueOf(HOURS_IN_MONTHLY_PRICE));
        BigDecimal yearly = monthly.multiply(BigDecimal.valueOf(MONTHS_IN_YEARLY_PRICE));
        catalog.publishPrice(new CatalogService.PriceDraft(spec, REGION, BillingMode.YEARLY_MONTHLY, Unit.month(kind),
                monthly.toPlainString(), CURRENCY, effectiveFrom));
        catalog.publishPrice(new CatalogService.PriceDraft(spec, REGION, BillingMode.YEARLY_MONTHLY, Unit.year(kind),
                yearly.toPlainString(), CURRENCY, effectiveFrom));
    }

    /**
     * A few package offers for the demo shop, sold from {@code from}: T4 node-hours below the
     * pay-per-use price (100 h at 6.30 would be 630.00), a year of object storage renewed monthly
     * in the demo region, and DeepSeek-V3 input tokens (10,000 x 1,000 tokens at 0.002 would be 20.00).
     */
    public static void installOffers(PackageOfferService offers, Instant from) {
        offers.create(new PackageOfferService.OfferDraft("demo-t4-100h-1m", "T4 100 node-hours, 1 month",
                "modelarts.vm.gpu.t4", "100", PackageOffer.Period.TOTAL, 1, "540.00", CURRENCY, null, from, null));
        offers.create(new PackageOfferService.OfferDraft("demo-obs-std-100gb-1y", "OBS standard 100 GB-months a month, "
                + "1 year", "obs.storage.standard", "100", PackageOffer.Period.MONTHLY, 12, "99.00", CURRENCY, REGION,
                from, null));
        offers.create(new PackageOfferService.OfferDraft("demo-deepseek-v3-input-10m-1m", "DeepSeek-V3 input, 10M "
                + "tokens, 1 month", "maas.model-deepseek-v3.input", "10000", PackageOffer.Period.TOTAL, 1, "16.00",
                CURRENCY, null, from, null));
    }
}
