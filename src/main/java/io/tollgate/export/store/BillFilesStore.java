package io.tollgate.export.store;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The sets of bill files written ({@code export_bill_files}). */
@Repository
public class BillFilesStore {
    private final JdbcTemplate jdbc;

    public BillFilesStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean written(String customerId, YearMonth month, String kind, LocalDate forDay) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from export_bill_files where "
                + "customer_id = ? and month = ? and kind = ? and for_day = ?)", Boolean.class, customerId,
                month.toString(), kind, Date.valueOf(forDay)));
    }

    public void record(String customerId, YearMonth month, String kind, LocalDate forDay, Instant at, String sha256) {
        jdbc.update("insert into export_bill_files (customer_id, month, kind, for_day, written_at, manifest_sha256) "
                + "values (?, ?, ?, ?, ?, ?) on conflict do nothing", customerId, month.toString(), kind,
                Date.valueOf(forDay), Timestamp.from(at), sha256);
    }

    /** The last day a month-to-date set was written for anyone, if ever. */
    public Optional<LocalDate> lastDailyRun() {
        return Optional.ofNullable(jdbc.queryForObject("select max(for_day) from export_bill_files where "
                + "kind = 'MONTH_TO_DATE'", Date.class)).map(Date::toLocalDate);
    }
}
