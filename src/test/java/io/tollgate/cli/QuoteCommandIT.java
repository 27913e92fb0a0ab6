package io.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.it.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code tollgate quote ...} against the test server, over real HTTP. */
class QuoteCommandIT extends IntegrationTest {
    private static final String REGION = "it-region-1";

    private record Run(int exit, String out, String err) {
        JsonNode json() {
            return JsonMapper.builder().build().readTree(out);
        }
    }

    private Run quote(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = QuoteCommand.execute(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String server() {
        return "http://127.0.0.1:" + port;
    }

    /** A compute spec at 6.30 an hour, 3402.00 a month and 34020.00 a year. */
    private String spec() {
        String code = "it.cli." + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/catalog/specs", OPERATOR_KEY, Map.of("code", code, "serviceType", "it",
                "kind", "COMPUTE", "name", "cli flavor")).status()).isEqualTo(201);
        for (List<String> p : List.of(List.of("PAY_PER_USE", "HOUR", "6.30"), List.of("YEARLY_MONTHLY", "MONTH", "3402.00"),
                List.of("YEARLY_MONTHLY", "YEAR", "34020.00"))) {
            assertThat(api.post("/api/v1/catalog/prices", OPERATOR_KEY, Map.of("specCode", code, "region", REGION,
                    "billingMode", p.get(0), "unit", p.get(1), "unitPrice", p.get(2), "currency", "CNY",
                    "effectiveFrom", Instant.parse("2029-01-01T00:00:00Z").toString())).status()).isEqualTo(201);
        }
        return code;
    }

    @Test
    void theThreeSubcommandsPrintTheServersJson() {
        String spec = spec();
        Run ppu = quote(Map.of(), "quote", "ppu", "--server", server(), "--key", OPERATOR_KEY, "--spec", spec,
                "--region", REGION, "--nodes", "2", "--duration", "PT90M");
        assertThat(ppu.exit()).as(ppu.err()).isZero();
        // 1.5 h x 2 nodes x 6.30 = 18.90
        assertThat(ppu.json().path("chargedAmount").asString()).isEqualTo("18.90");

        Run year = quote(Map.of(), "quote", "prepaid", "--server=" + server(), "--key", OPERATOR_KEY, "--spec", spec,
                "--region", REGION, "--nodes", "2", "--years", "1");
        assertThat(year.exit()).as(year.err()).isZero();
        // 34020.00 x 2 nodes = 68040.00
        assertThat(year.json().path("amount").asString()).isEqualTo("68040.00");
        assertThat(year.json().path("term").asString()).isEqualTo("P1Y");

        Run months = quote(Map.of(), "quote", "prepaid", "--server", server(), "--key", OPERATOR_KEY, "--spec", spec,
                "--region", REGION, "--term", "P3M");
        // 3402.00 x 3 months = 10206.00
        assertThat(months.json().path("amount").asString()).isEqualTo("10206.00");

        // The key may come from TOLLGATE_API_KEY; any customer key may ask.
        String finance = fx.customer().financeKey();
        Run compare = quote(Map.of("TOLLGATE_API_KEY", finance), "quote", "compare", "--server", server(),
                "--spec", spec, "--region", REGION, "--hours-per-month", "500");
        assertThat(compare.exit()).as(compare.err()).isZero();
        // 6.30 x 500 = 3150.00 pay-per-use against 2835.00 a month on a 1-year term
        assertThat(compare.json().path("yearlyTerm").path("monthlySaving").asString()).isEqualTo("315.00000000");
        assertThat(compare.json().path("cheapest").asString()).isEqualTo("YEARLY_TERM");
    }

    @Test
    void refusalsAndMistakesHaveTheirExitCodes() {
        String spec = spec();
        Run thirteen = quote(Map.of(), "quote", "prepaid", "--server", server(), "--key", OPERATOR_KEY, "--spec", spec,
                "--region", REGION, "--months", "13");
        assertThat(thirteen.exit()).isEqualTo(1);
        assertThat(thirteen.err()).contains("\"invalid-term\"");
        assertThat(thirteen.out()).isEmpty();
        Run badKey = quote(Map.of(), "quote", "ppu", "--server", server(), "--key", "tg_wrong", "--spec", spec,
                "--duration", "1");
        assertThat(badKey.exit()).isEqualTo(1);
        // usage errors: no spec, an unknown option, two terms, no subcommand
        assertThat(quote(Map.of(), "quote", "ppu", "--duration", "1").exit()).isEqualTo(2);
        assertThat(quote(Map.of(), "quote", "ppu", "--spec", spec, "--duration", "1", "--colour", "red").exit())
                .isEqualTo(2);
        assertThat(quote(Map.of(), "quote", "prepaid", "--spec", spec, "--months", "1", "--years", "1").exit())
                .isEqualTo(2);
        assertThat(quote(Map.of(), "quote", "ppu", "--spec", spec, "--nodes", "two", "--duration", "1").exit())
                .isEqualTo(2);
        assertThat(quote(Map.of(), "quote").err()).contains("usage: tollgate quote");
        // nobody listening
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Run down = quote(Map.of(), "quote", "ppu", "--server", "http://127.0.0.1:" + closed, "--spec", spec,
                "--duration", "1");
        assertThat(down.exit()).isEqualTo(2);
        assertThat(down.err()).contains("no Tollgate answers");
    }
}
