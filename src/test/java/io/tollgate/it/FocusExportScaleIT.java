package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.billing.BillingPeriod;
import io.tollgate.export.FocusExport;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The FOCUS export of a month of 1,000,080 pay-per-use lines of one customer (BENCHMARKS.md),
 * seeded by SQL, streamed through {@link FocusExport} into a sink that only counts: lines per
 * second and the largest heap in use while it runs (sampled every 5 ms). Off unless
 * {@code -Dtollgate.scale=true}; run with {@code -Dtest=FocusExportScaleIT -Dtollgate.scale=true}.
 */
@EnabledIfSystemProperty(named = "tollgate.scale", matches = "true")
class FocusExportScaleIT extends IntegrationTest {
    @Autowired
    private FocusExport focus;

    @Override
    void auditLedger() {
    }

    @Test
    void aMonthOfAMillionLinesStreamsAsFocusWithinItsHeap() throws Exception {
        Fixture.CustomerKeys c = fx.customer();
        Instant start = LocalDate.parse("2031-05-01").atStartOfDay(Fixture.ZONE).toInstant();
        jdbc.update("insert into settlement_fee_record (customer_id, resource_id, resource_type, meter, spec_code, "
                + "region, billing_mode, hour_start, line_no, period_start, period_end, usage_seconds, quantity, "
                + "usage_quantity, unit, unit_price, price_id, price_version, currency, list_amount, discount_amount, "
                + "amount, charged_amount, truncated_amount, cash_amount, credit_amount, coupon_amount, arrears_amount, "
                + "enterprise_project, tags, settled_at, kind) "
                + "select ?, 'scale-' || (i % 1389), 'it.compute', 'COMPUTE', 'it.cpu', 'it-region-1', 'PAY_PER_USE', "
                + "?::timestamptz + (i / 1389) * interval '1 hour', 1, ?::timestamptz + (i / 1389) * interval '1 hour', "
                + "?::timestamptz + (i / 1389 + 1) * interval '1 hour', 3600, 1, 1, 'HOUR', 0.66, 0, 1, 'CNY', 0.66, 0, "
                + "0.66, 0.66, 0, 0.66, 0, 0, 0, 'default', '{\"team\":\"vision\"}', now(), 'USAGE' "
                + "from generate_series(0, 1000079) i",
                c.id(), Timestamp.from(start), Timestamp.from(start), Timestamp.from(start));
        jdbc.execute("analyze settlement_fee_record");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(before);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Counting sink = new Counting();
        sampler.start();
        long t = System.nanoTime();
        focus.write(c.id(), BillingPeriod.of("2031-05", clock), sink);
        double seconds = (System.nanoTime() - t) / 1e9;
        sampler.interrupt();
        sampler.join();
        // the header and one Usage row per line: 1,000,080 + 1 lines
        assertThat(sink.lines).isEqualTo(1_000_081);
        System.out.printf("FOCUS export of 1,000,080 lines: %.1f s, %.0f lines/s, %d MB written, heap in use "
                        + "%d MB before, %d MB at most (max heap %d MB)%n", seconds, 1_000_080 / seconds,
                sink.chars / 1_000_000, before >> 20, peak.get() >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }

    /** Counts characters and lines, keeps nothing. */
    private static final class Counting implements Appendable {
        long lines;
        long chars;

        @Override
        public Appendable append(CharSequence s) {
            chars += s.length();
            // String.indexOf is vectorised: the sink's own counting stays out of the measurement
            String text = s.toString();
            for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
                lines++;
            }
            return this;
        }

        @Override
        public Appendable append(CharSequence s, int start, int end) {
            return append(s.subSequence(start, end));
        }

        @Override
        public Appendable append(char ch) {
            chars++;
            if (ch == '\n') {
                lines++;
            }
            return this;
        }
    }
}
