package io.tollgate.bss.api;

import io.tollgate.shared.Failure;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The vendor's JSON: snake_case names, nulls left out, BigDecimal amounts as plain numbers,
 * unknown request fields ignored (docs/bss-api.md §3.3). Separate from the API's mapper, which
 * writes amounts as strings.
 */
final class BssJson {
    static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(
                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private BssJson() {
    }

    static ResponseEntity<String> ok(Object body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(MAPPER.writeValueAsString(body));
    }

    /** A request body as {@code type}; an empty body is an empty object. */
    static <T> T read(String body, Class<T> type) {
        try {
            return MAPPER.readValue(body == null || body.isBlank() ? "{}" : body, type);
        } catch (tools.jackson.core.JacksonException e) {
            throw Failure.invalid("invalid-body", "the body is not the JSON this operation takes: "
                    + e.getOriginalMessage());
        }
    }
}
