package io.tollgate.console;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Turns a {@link Chart} into the JSON block a page embeds; nulls are left out. */
@Component
public class Charts {
    private final JsonMapper json;

    public Charts(JsonMapper json) {
        this.json = json.rebuild().changeDefaultPropertyInclusion(
                v -> v.withValueInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)).build();
    }

    public String json(Chart chart) {
        return json.writeValueAsString(chart);
    }
}
