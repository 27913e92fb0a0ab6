package io.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every file in examples/ is played by the real command (fresh embedded PostgreSQL, or
 * TOLLGATE_DB_URL) and must meet its own expectations; a few figures are also checked here.
 */
class ScenarioExamplesIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Run(int exit, JsonNode output, String errors) {
        JsonNode customer(String id) {
            for (JsonNode c : output.path("customers")) {
                if (c.path("id").asString().equals(id)) {
                    return c;
                }
            }
            throw new AssertionError("no customer " + id + " in " + output);
        }
    }

    static Run play(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ScenarioCommand.execute(file, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        return new Run(exit, text.isBlank() ? null : JSON.readTree(text), err.toString(StandardCharsets.UTF_8));
    }

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleMeetsItsExpectations(Path file) {
        Run run = play(file);
        assertThat(run.exit()).as(run.errors()).isZero();
        assertThat(run.output().path("ok").asBoolean()).isTrue();
        assertThat(run.output().path("checks").size()).as("an example states what it expects").isPositive();
    }

    @Test
    void tenMinutesIsOneLineOf600Seconds() {
        Run run = play(Path.of("examples/ten-minutes.yaml"));
        JsonNode line = run.customer("acme").path("feeRecords").get(0);
        assertThat(line.path("usageSeconds").asInt()).isEqualTo(600);
        assertThat(line.path("periodStart").asString()).isEqualTo("2026-03-08T00:45:30Z");
        assertThat(line.path("chargedAmount").asString()).isEqualTo("0.11");
    }

    @Test
    void theNotebookDiskBillsWhileStopped() {
        Run run = play(Path.of("examples/demo-notebook.yaml"));
        JsonNode nova = run.customer("nova");
        long diskLines = 0;
        for (JsonNode l : nova.path("feeRecords")) {
            if (l.path("meter").asString().equals("DISK")) {
                diskLines++;
                assertThat(l.path("enterpriseProject").asString()).isEqualTo("vision");
                assertThat(l.path("tags").path("team").asString()).isEqualTo("research");
            }
        }
        assertThat(diskLines).isEqualTo(6);
        assertThat(nova.path("transactions").size()).isEqualTo(7);
    }

    @Test
    void aWrongExpectationFailsTheCommand(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path wrong = dir.resolve("wrong.yaml");
        Files.writeString(wrong, Files.readString(Path.of("examples/ten-minutes.yaml")).replace("charged: \"0.11\"",
                "charged: \"0.12\""));
        Run run = play(wrong);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errors()).contains("acme charged expected 0.12 but was 0.11");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "name: x\nstart: 2026-01-01T00:00:00Z\nend: 2026-01-02T00:00:00Z\nnonsense: 1\n");
        assertThat(play(broken).exit()).isEqualTo(2);
    }
}
