package io.tollgate.it;

import static io.tollgate.it.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Enterprise projects (docs/cost.md): created by the customer or registered when the platform
 * names one; a resource moves between them and the hours billed before the move keep the old
 * project: a node at 0.66 an hour, two hours under "vision", then two under "research".
 */
class ProjectIT extends IntegrationTest {
    @Test
    void aResourceMovesToAnotherProjectAndItsBilledHoursKeepTheOldOne() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        String base = "/api/v1/customers/" + c.id() + "/enterprise-projects";
        fx.expect(api.post(base, c.adminKey(), Map.of("name", "research", "description", "the research team")), 201);
        assertThat(api.post(base, c.adminKey(), Map.of("name", "research")).code()).isEqualTo("project-exists");
        assertThat(api.post(base, c.adminKey(), Map.of("name", "")).code()).isEqualTo("invalid-enterprise-project");
        assertThat(api.post(base, c.financeKey(), Map.of("name", "x")).status()).isEqualTo(403);

        Instant d = fx.nextDay();
        fx.advanceTo(at(d, "10:00"));
        String r = "r-" + UUID.randomUUID().toString().substring(0, 12);
        fx.expect(fx.event("CREATED", r, c, at(d, "10:00"), Map.of("resourceType", "it.compute", "specCode",
                fx.computeSpec("0.66"), "region", Fixture.REGION, "nodes", 1, "enterpriseProject", "vision")), 201);
        // the platform named "vision": it is one of the customer's projects now
        List<String> names = new ArrayList<>();
        api.get(base, c.financeKey()).json().forEach(p -> names.add(p.path("name").asString()));
        assertThat(names).containsExactly("default", "research", "vision");

        // hours 10 and 11 billed under vision, then the move
        fx.settleThrough(at(d, "12:00"));
        String move = "/api/v1/customers/" + c.id() + "/resources/" + r + "/enterprise-project";
        assertThat(api.put(move, c.adminKey(), Map.of("enterpriseProject", "nope")).code()).isEqualTo("unknown-project");
        Api.Response moved = api.put(move, c.adminKey(), Map.of("enterpriseProject", "research"));
        fx.expect(moved, 200);
        assertThat(moved.json().path("enterpriseProject").asString()).isEqualTo("research");
        fx.advanceTo(at(d, "14:00"));
        fx.expect(fx.event("DELETED", r, c, at(d, "14:00"), Map.of()), 201);
        fx.settleThrough(at(d, "14:00"));

        // two hours each: 2 x 0.66 = 1.32 under either project
        LocalDate day = d.atZone(Fixture.ZONE).toLocalDate();
        JsonNode byProject = api.get("/api/v1/customers/" + c.id() + "/costs/analysis?from=" + day + "&to="
                + day.plusDays(1) + "&view=ORIGINAL&groupBy=enterpriseProject", c.financeKey()).json();
        List<String> rows = new ArrayList<>();
        byProject.path("rows").forEach(row -> rows.add(row.path("keys").path("enterpriseProject").asString() + "="
                + new java.math.BigDecimal(row.path("cost").asString()).stripTrailingZeros().toPlainString()));
        assertThat(rows).containsExactly("research=1.32", "vision=1.32");
        assertThat(api.put(move, c.adminKey(), Map.of("enterpriseProject", "research")).code())
                .isEqualTo("resource-deleted");

        // a prepaid term is bought into a project of the customer's choosing; an unknown one is refused first
        String type = "it.pj." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(api.post("/api/v1/catalog/resource-types", fx.operatorKey, Map.of("code", type, "serviceType", "it",
                "name", "project type", "metering", "RUNTIME", "specKind", "COMPUTE", "prepaidAllowed", true)), 201);
        String spec = new PrepaidFixture(api, fx).computeSpec("0.66", "30.00", null);
        Map<String, Object> order = new java.util.LinkedHashMap<>(PrepaidMoneyIT.purchase(type, spec, 1, null, "MONTH", 1));
        order.put("enterpriseProject", "nope");
        Api.Response refused = api.post("/api/v1/customers/" + c.id() + "/orders", c.adminKey(), Api.json(order),
                "k-" + UUID.randomUUID());
        assertThat(refused.code()).isEqualTo("unknown-project");
        order.put("enterpriseProject", "research");
        Api.Response bought = api.post("/api/v1/customers/" + c.id() + "/orders", c.adminKey(), Api.json(order),
                "k-" + UUID.randomUUID());
        assertThat(bought.status()).as(bought.body()).isEqualTo(201);
        String term = bought.json().path("resourceId").asString();
        assertThat(api.get("/api/v1/customers/" + c.id() + "/resources/" + term, c.financeKey()).json()
                .path("enterpriseProject").asString()).isEqualTo("research");
    }
}
