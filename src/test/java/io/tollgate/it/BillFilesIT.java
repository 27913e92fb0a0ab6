package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The scheduled bill files: a customer's month-to-date set each midnight, the final set on the
 * statement day, each with a manifest whose sizes and checksums match the files.
 */
// Its own context (the job is off in the others) on its own embedded database folder, beside the
// shared context's. Not on an external database: there the job would write every other test's
// customers' files too.
@TestPropertySource(properties = {"tollgate.exports.bill-files.dir=target/it-bill-files",
        "tollgate.db.embedded.data-dir=target/test-postgres-bill-files"})
@DisabledIfEnvironmentVariable(named = "TOLLGATE_DB_URL", matches = ".+")
class BillFilesIT extends IntegrationTest {
    private static final Path DIR = Path.of("target/it-bill-files");

    private static JsonNode manifest(Path set) throws Exception {
        JsonNode m = new ObjectMapper().readTree(Files.readString(set.resolve("manifest.json")));
        // each file named is there, with its size and SHA-256 recomputed here
        for (JsonNode f : m.path("files")) {
            byte[] bytes = Files.readAllBytes(set.resolve(f.path("name").asString()));
            assertThat(f.path("bytes").asLong()).isEqualTo(bytes.length);
            assertThat(f.path("sha256").asString())
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
        return m;
    }

    @Test
    void monthToDateFilesComeEachMidnightAndTheFinalSetOnTheStatementDay() throws Exception {
        Fixture.CustomerKeys c = fx.customer();
        String spec = fx.computeSpec("2.00");
        // a month start after the clock: the 1st of the month after next, 09:00 in the billing zone
        ZonedDateTime first = fx.nextDay().atZone(Fixture.ZONE).plusMonths(1).withDayOfMonth(1);
        Instant day = first.toInstant();
        fx.advanceTo(Fixture.at(day, "09:00"));
        fx.expect(fx.topUp(c, "50.00"), 201);
        String r = fx.create(c, "it.compute", spec, 1, Fixture.at(day, "09:00"));
        fx.settleThrough(Fixture.at(day, "11:00"));
        fx.expect(fx.event("DELETED", r, c, Fixture.at(day, "11:00"), java.util.Map.of()), 201);
        String month = first.toLocalDate().toString().substring(0, 7);

        // the next midnight writes the month-to-date set of the day before's month
        fx.advanceTo(day.plus(java.time.Duration.ofDays(1)).plusSeconds(60));
        Path daily = DIR.resolve(c.id()).resolve(month).resolve("month-to-date");
        JsonNode m = manifest(daily);
        assertThat(m.path("kind").asString()).isEqualTo("MONTH_TO_DATE");
        assertThat(m.path("files")).hasSize(5);
        // two settled hours of 1 node at 2.00: the detail holds them, the summary's total is 4.00 due
        String detail = Files.readString(daily.resolve("detail.csv"));
        assertThat(detail.split("\r\n")).hasSize(3);
        assertThat(Files.readString(daily.resolve("summary.csv"))).contains("total,,2,4.00000000");

        // on the 3rd of the next month the statement is final, and so is the set
        Instant statementDay = first.plusMonths(1).withDayOfMonth(3).toInstant();
        fx.advanceTo(statementDay.plusSeconds(600));
        Path done = DIR.resolve(c.id()).resolve(month).resolve("final");
        JsonNode fin = manifest(done);
        assertThat(fin.path("kind").asString()).isEqualTo("FINAL");
        assertThat(fin.path("statement").asString()).isEqualTo("ST-" + c.id() + "-" + month);
        String focus = Files.readString(done.resolve("focus.csv"));
        assertThat(io.tollgate.export.FocusRules.check(focus)).isEmpty();
        assertThat(focus).contains("ST-" + c.id() + "-" + month);
        // nothing half-written is left beside the sets
        try (var entries = Files.list(DIR.resolve(c.id()).resolve(month))) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("month-to-date", "final");
        }
    }
}
