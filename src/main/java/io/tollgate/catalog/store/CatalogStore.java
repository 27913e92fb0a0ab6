package io.tollgate.catalog.store;

import io.tollgate.catalog.Metering;
import io.tollgate.catalog.PriceVersion;
import io.tollgate.catalog.ResourceType;
import io.tollgate.catalog.Spec;
import io.tollgate.catalog.SpecKind;
import io.tollgate.catalog.Unit;
import io.tollgate.shared.BillingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL for the catalog tables. */
@Repository
public class CatalogStore {
    private final JdbcTemplate jdbc;

    public CatalogStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void upsertServiceType(String code, String name) {
        jdbc.update("insert into catalog_service_type (code, name) values (?, ?) "
                + "on conflict (code) do update set name = excluded.name", code, name);
    }

    public boolean serviceTypeExists(String code) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from catalog_service_type where code = ?)", Boolean.class, code));
    }

    public void insertResourceType(ResourceType t) {
        jdbc.update("insert into catalog_resource_type (code, service_type, name, metering, spec_kind, disk_spec_code, "
                        + "disk_gb, prepaid_allowed) values (?, ?, ?, ?, ?, ?, ?, ?)",
                t.code(), t.serviceType(), t.name(), t.metering().name(), t.specKind().name(), t.diskSpecCode(), t.diskGb(),
                t.prepaidAllowed());
    }

    public List<ResourceType> resourceTypes() {
        return jdbc.query("select * from catalog_resource_type order by code", CatalogStore::resourceType);
    }

    public Optional<ResourceType> resourceType(String code) {
        return jdbc.query("select * from catalog_resource_type where code = ?", CatalogStore::resourceType, code)
                .stream().findFirst();
    }

    public void insertSpec(Spec s, Instant now) {
        jdbc.update("insert into catalog_spec (code, service_type, kind, name, vcpus, memory_gib, gpu_model, "
                        + "gpu_cards_numerator, gpu_cards_denominator, npu_model, npu_count, price_by_share_of, created_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.code(), s.serviceType(), s.kind().name(), s.name(), s.vcpus(), s.memoryGib(), s.gpuModel(),
                s.gpuCardsNumerator(), s.gpuCardsDenominator(), s.npuModel(), s.npuCount(), s.priceByShareOf(),
                Timestamp.from(now));
    }

    public List<Spec> specs() {
        return jdbc.query("select * from catalog_spec order by code", CatalogStore::spec);
    }

    public Optional<Spec> spec(String code) {
        return jdbc.query("select * from catalog_spec where code = ?", CatalogStore::spec, code).stream().findFirst();
    }

    /** Serialises publications of one price so that version numbers stay dense. */
    public void lockSpec(String code) {
        jdbc.query("select code from catalog_spec where code = ? for update", rs -> null, code);
    }

    /** Versions are numbered per price: (spec, region, mode, currency, unit). */
    public int nextVersion(String specCode, String region, BillingMode mode, String currency, Unit unit) {
        Integer max = jdbc.queryForObject("select max(version) from catalog_price where spec_code = ? and region = ? "
                        + "and billing_mode = ? and currency = ? and unit = ?", Integer.class, specCode, region, mode.name(),
                currency, unit.name());
        return max == null ? 1 : max + 1;
    }

    public PriceVersion insertPrice(PriceVersion p) {
        Long id = jdbc.queryForObject("insert into catalog_price (spec_code, region, billing_mode, unit, unit_price, "
                        + "currency, effective_from, version, published_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id",
                Long.class, p.specCode(), p.region(), p.billingMode().name(), p.unit().name(), p.unitPrice(),
                p.currency(), Timestamp.from(p.effectiveFrom()), p.version(), Timestamp.from(p.publishedAt()));
        return new PriceVersion(id, p.specCode(), p.region(), p.billingMode(), p.unit(), p.unitPrice(), p.currency(),
                p.effectiveFrom(), p.version(), p.publishedAt());
    }

    public List<PriceVersion> prices() {
        return jdbc.query("select * from catalog_price order by spec_code, region, billing_mode, currency, unit, version",
                CatalogStore::price);
    }

    public List<PriceVersion> prices(String specCode) {
        return jdbc.query("select * from catalog_price where spec_code = ? order by region, billing_mode, currency, unit, version",
                CatalogStore::price, specCode);
    }

    /** Specs priced by their share of another spec. */
    public List<Spec> sharePricedSpecs() {
        return jdbc.query("select * from catalog_spec where price_by_share_of is not null order by code",
                CatalogStore::spec);
    }

    /**
     * A number that grows whenever a price is published or a spec priced by share is added (rows
     * are never deleted), so that a cached price book can tell it is stale.
     */
    public long priceCount() {
        Long n = jdbc.queryForObject("select (select count(*) + coalesce(max(id), 0) from catalog_price) "
                + "+ (select count(*) from catalog_spec where price_by_share_of is not null)", Long.class);
        return n == null ? 0 : n;
    }

    private static ResourceType resourceType(ResultSet rs, int row) throws SQLException {
        return new ResourceType(rs.getString("code"), rs.getString("service_type"), rs.getString("name"),
                Metering.valueOf(rs.getString("metering")), SpecKind.valueOf(rs.getString("spec_kind")),
                rs.getString("disk_spec_code"), (Integer) rs.getObject("disk_gb"), rs.getBoolean("prepaid_allowed"));
    }

    private static Spec spec(ResultSet rs, int row) throws SQLException {
        return new Spec(rs.getString("code"), rs.getString("service_type"), SpecKind.valueOf(rs.getString("kind")),
                rs.getString("name"), (Integer) rs.getObject("vcpus"), (Integer) rs.getObject("memory_gib"),
                rs.getString("gpu_model"), (Integer) rs.getObject("gpu_cards_numerator"),
                (Integer) rs.getObject("gpu_cards_denominator"), rs.getString("npu_model"),
                (Integer) rs.getObject("npu_count"), rs.getString("price_by_share_of"));
    }

    private static PriceVersion price(ResultSet rs, int row) throws SQLException {
        return new PriceVersion(rs.getLong("id"), rs.getString("spec_code"), rs.getString("region"),
                BillingMode.valueOf(rs.getString("billing_mode")), Unit.valueOf(rs.getString("unit")),
                rs.getBigDecimal("unit_price"), rs.getString("currency").trim(),
                rs.getTimestamp("effective_from").toInstant(), rs.getInt("version"),
                rs.getTimestamp("published_at").toInstant());
    }
}
