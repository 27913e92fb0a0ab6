package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.annotations.media.Schema;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The served OpenAPI document names each body after its own Java type: no two types share a schema
 * name (springdoc would otherwise show one for both), and the operations that used to collide
 * point to schemas with their own fields.
 */
class OpenApiSchemasIT extends IntegrationTest {
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    private JsonNode docs;

    private JsonNode schema(JsonNode refHolder) {
        String ref = refHolder.path("$ref").asString();
        assertThat(ref).as(refHolder.toString()).startsWith("#/components/schemas/");
        return docs.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
    }

    private JsonNode requestSchema(String path) {
        return schema(docs.path("paths").path(path).path("post").path("requestBody").path("content")
                .path("application/json").path("schema"));
    }

    private JsonNode responseSchema(String path) {
        JsonNode content = docs.path("paths").path(path).path("post").path("responses").path("200").path("content");
        return schema(content.properties().iterator().next().getValue().path("schema"));
    }

    private static Set<String> fields(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        schema.path("properties").properties().forEach(e -> names.add(e.getKey()));
        return names;
    }

    @Test
    void collidingOperationsPointToTheirOwnSchemas() {
        docs = api.get("/v3/api-docs", null).json();
        assertThat(fields(requestSchema("/api/v1/catalog/meter-prices"))).contains("meterCode", "tiers", "freeQuota")
                .doesNotContain("specCode");
        assertThat(fields(requestSchema("/api/v1/catalog/prices"))).contains("specCode", "unitPrice")
                .doesNotContain("meterCode");
        assertThat(fields(responseSchema("/api/v1/platform/resource-events/batch"))).contains("applied", "results")
                .doesNotContain("accepted");
        assertThat(fields(responseSchema("/api/v1/platform/usage-records"))).contains("accepted", "results")
                .doesNotContain("applied");
    }

    @Test
    void noTwoJavaTypesShareASchemaName() {
        Map<String, Set<String>> typesByName = new TreeMap<>();
        Set<Class<?>> seen = new HashSet<>();
        for (HandlerMethod handler : mappings.getHandlerMethods().values()) {
            Method m = handler.getMethod();
            if (!m.getDeclaringClass().getName().startsWith("io.tollgate")) {
                continue;
            }
            walk(m.getGenericReturnType(), seen, typesByName);
            for (int i = 0; i < m.getParameterCount(); i++) {
                if (m.getParameters()[i].isAnnotationPresent(RequestBody.class)) {
                    walk(m.getGenericParameterTypes()[i], seen, typesByName);
                }
            }
        }
        assertThat(seen).hasSizeGreaterThan(20);
        Map<String, Set<String>> shared = new TreeMap<>(typesByName);
        shared.values().removeIf(types -> types.size() == 1);
        assertThat(shared).as("schema names shared by several Java types").isEmpty();
    }

    private static void walk(Type type, Set<Class<?>> seen, Map<String, Set<String>> typesByName) {
        if (type instanceof ParameterizedType p) {
            walk(p.getRawType(), seen, typesByName);
            for (Type arg : p.getActualTypeArguments()) {
                walk(arg, seen, typesByName);
            }
        } else if (type instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                walk(bound, seen, typesByName);
            }
        } else if (type instanceof Class<?> c && c.getName().startsWith("io.tollgate") && !c.isEnum() && seen.add(c)) {
            Schema named = c.getAnnotation(Schema.class);
            String name = named != null && !named.name().isEmpty() ? named.name() : c.getSimpleName();
            typesByName.computeIfAbsent(name, k -> new TreeSet<>()).add(c.getName());
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    walk(rc.getGenericType(), seen, typesByName);
                }
            }
        }
    }
}
