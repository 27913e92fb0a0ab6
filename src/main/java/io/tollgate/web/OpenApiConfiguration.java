package io.tollgate.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's header: what Tollgate is and how to authenticate. */
@Configuration
public class OpenApiConfiguration {
    @Bean
    public OpenAPI tollgateOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Tollgate API").version("v1").description("""
                        Billing and cost management for AI compute clouds. Every request carries an API key as \
                        `Authorization: Bearer <key>`. Amounts are decimal strings with their currency. Errors are \
                        RFC 9457 problem+json with a stable `code`. Money-moving POSTs take an `Idempotency-Key`. \
                        Lists are paginated with an opaque `cursor` and a `limit` of at most 500."""))
                .components(new Components().addSecuritySchemes("apiKey",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
