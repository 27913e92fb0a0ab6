package io.tollgate.export.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void aRecordSplitsIntoItsFieldsAndIsWrittenBackTheSame() {
        String record = "a,,\"b,c\",\"d\"\"e\",\"{\"\"gpu\"\": \"\"\"\"}\",\"x\ny\",";
        String[] fields = Csv.fields(record);
        // quoted fields lose their quotes, doubled quotes are halved, empty unquoted fields are null
        assertThat(fields).containsExactly("a", null, "b,c", "d\"e", "{\"gpu\": \"\"}", "x\ny", null);
        assertThat(Csv.record(fields)).isEqualTo(record);
    }

    @Test
    void aQuotedEmptyFieldIsTheEmptyStringWrittenBackAsNull() {
        // FOCUS writes no "" for "no value": the writer turns the empty string into an empty field
        assertThat(Csv.fields("\"\",b")).containsExactly("", "b");
        assertThat(Csv.record(Csv.fields("\"\",b"))).isEqualTo(",b");
    }
}
