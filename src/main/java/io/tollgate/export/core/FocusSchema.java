package io.tollgate.export.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The FOCUS metadata published next to each export (docs/focus.md, Metadata): the data generator,
 * a SchemaId, the FOCUS version and one column definition per CSV column, in file order. The
 * SchemaId is a name-based UUID of the version and the column list, so it changes exactly when
 * the columns or their types change.
 */
public final class FocusSchema {
    public static final String FOCUS_VERSION = "1.2";
    public static final String DATA_GENERATOR = "Tollgate";
    /** Longest string Tollgate writes in a column (ids, names, descriptions). */
    static final int STRING_MAX_LENGTH = 2048;

    private FocusSchema() {
    }

    public static String schemaId() {
        StringBuilder key = new StringBuilder("FOCUS ").append(FOCUS_VERSION);
        for (FocusColumn c : FocusColumn.all()) {
            key.append('|').append(c.name()).append(':').append(c.type());
        }
        return UUID.nameUUIDFromBytes(key.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The metadata document as JSON text. */
    public static String json(String generatorVersion, Instant created) {
        StringBuilder b = new StringBuilder(4096);
        b.append("{\n  \"DataGenerator\": \"").append(DATA_GENERATOR).append("\",\n")
                .append("  \"DataGeneratorVersion\": \"").append(generatorVersion).append("\",\n")
                .append("  \"SchemaId\": \"").append(schemaId()).append("\",\n")
                .append("  \"FocusVersion\": \"").append(FOCUS_VERSION).append("\",\n")
                .append("  \"CreationDate\": \"").append(Csv.instant(created)).append("\",\n")
                .append("  \"ColumnDefinition\": [\n");
        FocusColumn[] columns = FocusColumn.all();
        for (int i = 0; i < columns.length; i++) {
            FocusColumn c = columns[i];
            b.append("    {\"ColumnName\": \"").append(c.name()).append("\", \"DataType\": \"").append(c.type())
                    .append('"');
            switch (c.type()) {
                case STRING -> b.append(", \"StringMaxLength\": ").append(STRING_MAX_LENGTH)
                        .append(", \"StringEncoding\": \"UTF-8\"");
                case DECIMAL -> b.append(", \"NumericPrecision\": 38, \"NumberScale\": 10");
                case JSON -> {
                    if (c == FocusColumn.Tags) {
                        b.append(", \"ProviderTagPrefixes\": [\"tollgate:\"]");
                    }
                }
                case DATETIME -> { }
            }
            b.append(i + 1 < columns.length ? "},\n" : "}\n");
        }
        return b.append("  ]\n}\n").toString();
    }
}
