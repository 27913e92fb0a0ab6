package io.tollgate.catalog.store;

import io.tollgate.catalog.PackageOffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL for package offers. Rows are inserted once; only the status and the withdrawal time ever change. */
@Repository
public class PackageOfferStore {
    private final JdbcTemplate jdbc;

    public PackageOfferStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Stored(PackageOffer offer, String requestHash) {
    }

    /** Inserts the offer unless its code exists; returns whether it did. */
    public boolean insert(PackageOffer o, String requestHash) {
        PackageOffer.Quota q = o.quota();
        PackageOffer.Sale s = o.sale();
        return jdbc.update("insert into catalog_package_offer (code, name, covers, cover_kind, service_type, quantity, "
                        + "period, validity_months, price, currency, region, sellable_from, sellable_until, status, "
                        + "created_at, request_hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "on conflict (code) do nothing", o.code(), o.name(), q.covers(), q.coverKind().name(),
                q.serviceType(), q.quantity(), q.period().name(), o.validityMonths(), s.price(), s.currency(),
                s.region(), Timestamp.from(s.sellableFrom()), timestamp(s.sellableUntil()), o.status().name(),
                Timestamp.from(o.createdAt()), requestHash) == 1;
    }

    public Optional<Stored> find(String code) {
        return jdbc.query("select * from catalog_package_offer where code = ?",
                (rs, i) -> new Stored(offer(rs, i), rs.getString("request_hash")), code).stream().findFirst();
    }

    /** Marks the offer withdrawn at {@code at} unless it already is; returns whether it did. */
    public boolean withdraw(String code, Instant at) {
        return jdbc.update("update catalog_package_offer set status = 'WITHDRAWN', withdrawn_at = ? "
                + "where code = ? and status = 'ON_SALE'", Timestamp.from(at), code) == 1;
    }

    /** Offers by code after the cursor, optionally of one status. */
    public List<PackageOffer> page(PackageOffer.Status status, String afterCode, int limit) {
        return status == null
                ? jdbc.query("select * from catalog_package_offer where code > ? order by code limit ?",
                        PackageOfferStore::offer, afterCode, limit)
                : jdbc.query("select * from catalog_package_offer where status = ? and code > ? order by code limit ?",
                        PackageOfferStore::offer, status.name(), afterCode, limit);
    }

    /** Offers a customer may buy at {@code at}, by code after the cursor. */
    public List<PackageOffer> onSale(Instant at, String afterCode, int limit) {
        Timestamp t = Timestamp.from(at);
        return jdbc.query("select * from catalog_package_offer where status = 'ON_SALE' and sellable_from <= ? "
                        + "and (sellable_until is null or sellable_until > ?) and code > ? order by code limit ?",
                PackageOfferStore::offer, t, t, afterCode, limit);
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static PackageOffer offer(ResultSet rs, int row) throws SQLException {
        PackageOffer.Quota quota = new PackageOffer.Quota(rs.getString("covers"),
                PackageOffer.CoverKind.valueOf(rs.getString("cover_kind")), rs.getString("service_type"),
                rs.getBigDecimal("quantity"), PackageOffer.Period.valueOf(rs.getString("period")));
        PackageOffer.Sale sale = new PackageOffer.Sale(rs.getBigDecimal("price"), rs.getString("currency").trim(),
                rs.getString("region"), rs.getTimestamp("sellable_from").toInstant(),
                instant(rs.getTimestamp("sellable_until")));
        return new PackageOffer(rs.getString("code"), rs.getString("name"), quota, rs.getInt("validity_months"), sale,
                PackageOffer.Status.valueOf(rs.getString("status")), rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("withdrawn_at")));
    }
}
