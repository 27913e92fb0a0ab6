package io.tollgate.catalog.store;

import io.tollgate.catalog.Meter;
import io.tollgate.catalog.MeterPrice;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for usage meters and their prices. */
@Repository
public class MeterStore {
    private static final TypeReference<List<MeterPrice.Tier>> TIERS = new TypeReference<>() {
    };
    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public MeterStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public boolean insert(Meter m) {
        return jdbc.update("insert into catalog_meter (code, resource_type, name, quantity_unit, price_unit, measure, "
                        + "period_seconds, unit_size, round_up_hours) values (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "on conflict (code) do nothing", m.code(), m.resourceType(), m.name(), m.quantityUnit(),
                m.priceUnit(), m.measure().name(), m.periodSeconds(), m.unitSize(), m.roundUpHours()) == 1;
    }

    public List<Meter> meters() {
        return jdbc.query("select * from catalog_meter order by code", MeterStore::meter);
    }

    public Optional<Meter> meter(String code) {
        return jdbc.query("select * from catalog_meter where code = ?", MeterStore::meter, code).stream().findFirst();
    }

    public void lockMeter(String code) {
        jdbc.query("select code from catalog_meter where code = ? for update", rs -> null, code);
    }

    public MeterPrice insertPrice(MeterPrice p) {
        Long id = jdbc.queryForObject("insert into catalog_meter_price (meter_code, region, currency, model, tiers, "
                        + "free_quota, effective_from, version, published_at, free_quota_basis) "
                        + "values (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?) returning id", Long.class, p.meterCode(),
                p.region(), p.currency(), p.model().name(), json.writeValueAsString(p.tiers()), p.freeQuota(),
                Timestamp.from(p.effectiveFrom()), p.version(), Timestamp.from(p.publishedAt()),
                p.freeQuotaBasis().name());
        return new MeterPrice(id, p.meterCode(), p.region(), p.currency(), p.model(), p.tiers(), p.freeQuota(),
                p.effectiveFrom(), p.version(), p.publishedAt(), p.freeQuotaBasis());
    }

    public List<MeterPrice> prices() {
        return jdbc.query("select * from catalog_meter_price order by meter_code, region, currency, version", this::price);
    }

    public List<MeterPrice> prices(String meterCode) {
        return jdbc.query("select * from catalog_meter_price where meter_code = ? order by region, currency, version",
                this::price, meterCode);
    }

    public long stamp() {
        Long n = jdbc.queryForObject("select count(*) + coalesce(max(id), 0) from catalog_meter_price", Long.class);
        return n == null ? 0 : n;
    }

    private static Meter meter(ResultSet rs, int row) throws SQLException {
        return new Meter(rs.getString("code"), rs.getString("resource_type"), rs.getString("name"),
                rs.getString("quantity_unit"), rs.getString("price_unit"), Meter.Measure.valueOf(rs.getString("measure")),
                (Long) rs.getObject("period_seconds"), rs.getBigDecimal("unit_size"), rs.getBoolean("round_up_hours"));
    }

    private MeterPrice price(ResultSet rs, int row) throws SQLException {
        return new MeterPrice(rs.getLong("id"), rs.getString("meter_code"), rs.getString("region"),
                rs.getString("currency").trim(), MeterPrice.Model.valueOf(rs.getString("model")),
                json.readValue(rs.getString("tiers"), TIERS), rs.getBigDecimal("free_quota"),
                rs.getTimestamp("effective_from").toInstant(), rs.getInt("version"),
                rs.getTimestamp("published_at").toInstant(),
                MeterPrice.FreeQuotaBasis.valueOf(rs.getString("free_quota_basis")));
    }
}
