package io.tollgate.it;

import static io.tollgate.it.Fixture.at;
import static io.tollgate.it.Fixture.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Lifecycle events that arrive after their hour was settled (billing-rules.md section 3): the
 * settled lines stay as they are, and the difference becomes ADJUSTMENT lines in the open hour,
 * credits or debits, charged at once with the month's carry.
 */
class LateEventsIT extends IntegrationTest {

    private static List<JsonNode> adjustments(List<JsonNode> lines) {
        return lines.stream().filter(l -> l.path("kind").asString().equals("ADJUSTMENT")).toList();
    }

    @Test
    void aLateDeleteBecomesCreditLinesInTheOpenHour() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        String spec = fx.computeSpec("0.66");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        String r = fx.create(c, "it.compute", spec, 1, at(day, "08:00"));
        fx.advanceTo(at(day, "11:10"));
        // 08, 09 and 10 are settled: 3 x 0.66 = 1.98
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("98.02");

        fx.expect(fx.event("DELETED", r, c, at(day, "09:30"), Map.of()), 201);
        List<JsonNode> lines = fx.feeRecords(c, day, r);
        List<JsonNode> adj = adjustments(lines);
        // 09:00-10:00 is now half an hour: 0.33 - 0.66 = -0.33; 10:00-11:00 nothing: -0.66
        assertThat(adj).extracting(l -> Instant.parse(l.path("adjustsHour").asString()))
                .containsExactly(at(day, "09:00"), at(day, "10:00"));
        assertThat(adj).extracting(l -> l.path("amount").asString()).containsExactly("-0.33000000", "-0.66000000");
        assertThat(adj).extracting(l -> l.path("chargedAmount").asString()).containsExactly("-0.33", "-0.66");
        assertThat(adj).extracting(l -> l.path("usage").asString()).containsExactly("-0.5000000000", "-1.0000000000");
        assertThat(adj).extracting(l -> Instant.parse(l.path("hourStart").asString())).containsOnly(at(day, "11:00"));
        // the settled lines are unchanged
        assertThat(lines.stream().filter(l -> l.path("kind").asString().equals("USAGE"))
                .map(l -> l.path("chargedAmount").asString()).toList()).containsExactly("0.66", "0.66", "0.66");
        // 100 - 1.98 + 0.99 = 99.01, and nothing more once the next hours settle
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("99.01");
        fx.settleThrough(at(day, "13:00"));
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("99.01");
        assertThat(sum(fx.feeRecords(c, day, r), "chargedAmount")).isEqualByComparingTo("0.99");
    }

    @Test
    void aLateStopAndALateStartAreACreditAndADebit() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        String spec = fx.computeSpec("0.66");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        String r = fx.create(c, "it.compute", spec, 1, at(day, "08:00"));
        fx.advanceTo(at(day, "11:10"));
        fx.expect(fx.event("STOPPED", r, c, at(day, "09:00"), Map.of()), 201);
        // hours 09 and 10 credited: -0.66 each
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("99.34");
        fx.expect(fx.event("STARTED", r, c, at(day, "10:30"), Map.of()), 201);
        // hour 10 ran half an hour after all: +0.33
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("99.01");
        fx.settleThrough(at(day, "12:00"));
        // hour 11 settled as usual: 0.66; in all 0.66 + 0.33 + 0.66 = 1.65
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("98.35");
        List<JsonNode> adj = adjustments(fx.feeRecords(c, day, r));
        assertThat(adj).extracting(l -> l.path("amount").asString())
                .containsExactly("-0.66000000", "-0.66000000", "0.33000000");
    }

    @Test
    void aLateCreditPaysArrearsFirst() {
        Fixture.CustomerKeys c = fx.customer();
        String spec = fx.computeSpec("0.66");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        String r = fx.create(c, "it.compute", spec, 1, at(day, "08:00"));
        fx.advanceTo(at(day, "11:10"));
        // no cash: hours 08, 09, 10 at 0.66 are owed, 3 x 0.66 = 1.98
        assertThat(fx.balance(c).path("arrears").asString()).isEqualTo("-1.98");
        fx.expect(fx.event("DELETED", r, c, at(day, "09:30"), Map.of()), 201);
        // the 0.99 credit reduces what is owed; no cash appears while arrears remain
        JsonNode b = fx.balance(c);
        assertThat(b.path("arrears").asString()).isEqualTo("-0.99");
        assertThat(b.path("cash").asString()).isEqualTo("0.00");
        List<JsonNode> adj = adjustments(fx.feeRecords(c, day, r));
        assertThat(sum(adj, "arrearsAmount")).isEqualByComparingTo("-0.99");
    }
}
