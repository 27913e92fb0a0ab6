package io.tollgate.web;

import java.math.BigDecimal;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Amounts travel as strings, never as JSON numbers (which clients parse into doubles): every
 * BigDecimal is written as its plain decimal text, e.g. "400.00".
 */
@Configuration
public class JsonConfiguration {
    @Bean
    public JsonMapperBuilderCustomizer decimalsAsStrings() {
        SimpleModule module = new SimpleModule("tollgate-decimals");
        module.addSerializer(BigDecimal.class, new ValueSerializer<>() {
            @Override
            public void serialize(BigDecimal value, JsonGenerator gen, SerializationContext ctxt) {
                gen.writeString(value.toPlainString());
            }
        });
        return builder -> builder.addModule(module);
    }
}
