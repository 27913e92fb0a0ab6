package io.tollgate.app;

import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.Metering;
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
 */
public final class DemoCatalog {
    public static final String REGION = "cn-north-4";
    public static final String CURRENCY = "CNY";
    /** A monthly price is this many hours at the hourly price; a yearly price is 10 monthly prices. */
    public static final int HOURS_IN_MONTHLY_PRICE = 540;
    public static final int MONTHS_IN_YEARLY_PRICE = 10;

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
}
