package io.tollgate.web;

import io.tollgate.shared.Text;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * The one JSON mapper of the API, the scenario runner and the stores:
 * <ul>
 * <li>amounts travel as strings, never as JSON numbers (which clients parse into doubles): every
 * BigDecimal is written as its plain decimal text, e.g. "400.00";</li>
 * <li>instants are written in the billing zone with its offset ({@code 2024-05-31T23:59:59+08:00}),
 * so a month end reads as one; input accepts any ISO-8601 offset;</li>
 * <li>text with control characters (NUL, line breaks ...) is refused while reading, as
 * {@code invalid-characters}; usage records opt out per field so that such a record is refused on
 * its own (MeteringService) and the rest of its batch is accepted.</li>
 * </ul>
 */
@Configuration
public class JsonConfiguration {
    @Bean
    public JsonMapperBuilderCustomizer tollgateJson(Clock clock) {
        ZoneId zone = clock.getZone();
        SimpleModule module = new SimpleModule("tollgate-json");
        module.addSerializer(BigDecimal.class, new ValueSerializer<>() {
            @Override
            public void serialize(BigDecimal value, JsonGenerator gen, SerializationContext ctxt) {
                gen.writeString(value.toPlainString());
            }
        });
        module.addSerializer(Instant.class, new ValueSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializationContext ctxt) {
                gen.writeString(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value.atZone(zone)));
            }
        });
        module.addDeserializer(String.class, new CleanText());
        return builder -> builder.addModule(module);
    }

    /** Strings as Jackson reads them, refused when they hold a control character. */
    static final class CleanText extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String text = super.deserialize(p, ctxt);
            if (text != null && !Text.clean(text)) {
                throw new InvalidCharacters(p);
            }
            return text;
        }
    }

    /** A string with control characters in a request body; mapped to 400 {@code invalid-characters}. */
    public static final class InvalidCharacters extends MismatchedInputException {
        InvalidCharacters(JsonParser p) {
            super(p, "a text contains control characters (NUL, line breaks or others below U+0020)", String.class);
        }
    }
}
