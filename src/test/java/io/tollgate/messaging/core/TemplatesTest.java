package io.tollgate.messaging.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {
    @Test
    void everyTypeHasAnEnglishAndAChineseTemplateWithAllFourParts() {
        for (String type : Templates.TYPES) {
            for (String lang : List.of("en", "zh")) {
                Templates.Rendered r = Templates.render(type, lang, Map.of("customer", "Acme"), List.of());
                assertThat(r.subject()).isNotBlank();
                assertThat(r.text()).isNotBlank();
                assertThat(r.sms()).startsWith("Tollgate");
                assertThat(r.html()).contains("<html lang=\"" + lang + "\">");
            }
        }
        assertThatThrownBy(() -> Templates.render("no-such", "en", Map.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDigestListsItsItemsInTheTextAndTheHtml() {
        Templates.Rendered r = Templates.render("term-expiring", "en", Map.of("customer", "Acme", "count", "2",
                "days", "7"), List.of(Map.of("resourceId", "nb-1", "resourceType", "notebook", "specCode", "a100",
                "expiresAt", "2030-02-01 10:00 (+08:00)"), Map.of("resourceId", "nb-2", "resourceType", "notebook",
                "specCode", "v100", "expiresAt", "2030-02-01 11:00 (+08:00)")));
        assertThat(r.subject()).isEqualTo("2 resource(s) of Acme expire in 7 day(s)");
        assertThat(r.text()).contains("  - nb-1 (notebook, a100) expires at 2030-02-01 10:00 (+08:00)\n",
                "  - nb-2 (notebook, v100) expires at 2030-02-01 11:00 (+08:00)\n");
        assertThat(r.html()).contains("<ul>\n<li>nb-1 (notebook, a100) expires at 2030-02-01 10:00 (+08:00)</li>");
    }

    @Test
    void valuesAreEscapedInHtmlAndNeverReadAsPlaceholders() {
        Templates.Rendered r = Templates.render("balance-low", "en", Map.of("customer", "<b>{threshold}</b> & co",
                "available", "1.00 CNY", "threshold", "5.00 CNY"), List.of());
        assertThat(r.subject()).isEqualTo("The available balance of <b>{threshold}</b> & co is below 5.00 CNY");
        assertThat(r.html()).contains("&lt;b&gt;{threshold}&lt;/b&gt; &amp; co").doesNotContain("<b>");
    }
}
