package io.tollgate.bss.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL for BSS access keys and the signatures seen within their window. */
@Repository
public class BssKeyStore {
    private final JdbcTemplate jdbc;

    public BssKeyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Row(String accessKey, String customerId, String label, String keyId, byte[] iv, byte[] cipher,
                      Instant createdAt, Instant revokedAt) {
    }

    public void insert(Row r) {
        jdbc.update("insert into bss_access_key (access_key, customer_id, label, key_id, secret_iv, secret_cipher, "
                + "created_at) values (?, ?, ?, ?, ?, ?, ?)", r.accessKey(), r.customerId(), r.label(), r.keyId(),
                r.iv(), r.cipher(), Timestamp.from(r.createdAt()));
    }

    public Optional<Row> find(String accessKey) {
        return jdbc.query("select * from bss_access_key where access_key = ?", (rs, i) -> row(rs), accessKey).stream()
                .findFirst();
    }

    public List<Row> list(String customerId) {
        return jdbc.query("select * from bss_access_key where customer_id = ? order by created_at, access_key",
                (rs, i) -> row(rs), customerId);
    }

    public boolean revoke(String customerId, String accessKey, Instant at) {
        return jdbc.update("update bss_access_key set revoked_at = ? where customer_id = ? and access_key = ? "
                + "and revoked_at is null", Timestamp.from(at), customerId, accessKey) == 1;
    }

    /** Records a signature; false when it was seen before (a replay). Forgets those older than {@code forgetBefore}. */
    public boolean firstSight(String signature, Instant now, Instant forgetBefore) {
        jdbc.update("delete from bss_seen_signature where seen_at < ?", Timestamp.from(forgetBefore));
        return jdbc.update("insert into bss_seen_signature (signature, seen_at) values (?, ?) on conflict do nothing",
                signature, Timestamp.from(now)) == 1;
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new Row(rs.getString("access_key"), rs.getString("customer_id"), rs.getString("label"),
                rs.getString("key_id"), rs.getBytes("secret_iv"), rs.getBytes("secret_cipher"),
                rs.getTimestamp("created_at").toInstant(), revoked == null ? null : revoked.toInstant());
    }
}
