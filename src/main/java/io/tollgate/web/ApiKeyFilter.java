package io.tollgate.web;

import io.tollgate.customer.CustomerService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request must carry an API key, as {@code Authorization: Bearer <key>} or
 * {@code X-API-Key: <key>}, except the few public paths listed here (health, metrics, the
 * OpenAPI document and the Swagger UI) and the web console's paths, which Spring Security's
 * console chain guards with sign-in sessions instead (io.tollgate.console.ConsoleSecurity). The
 * caller the key resolves to is put on the request for controllers.
 *
 * <p>Deny by default: the decision is made on the path the container routes (decoded, without
 * {@code ;params}, dot segments resolved), and a path is public only when that path is on the
 * list and the raw URI says the same thing, so {@code /%61pi/v1/clock} or {@code /api;x=1/v1/...}
 * need a key like {@code /api/v1/clock}.
 */
@Component
@Order(2)
public class ApiKeyFilter extends OncePerRequestFilter {
    public static final String CALLER = ApiKeyFilter.class.getName() + ".caller";
    /** Exact public paths. */
    static final Set<String> PUBLIC_PATHS = Set.of("/actuator/health", "/actuator/info", "/actuator/prometheus",
            "/v3/api-docs", "/v3/api-docs.yaml", "/swagger-ui.html",
            "/", "/console", "/login", "/logout");
    /** Public path prefixes (a prefix ends with a slash). */
    static final List<String> PUBLIC_PREFIXES = List.of("/actuator/health/", "/v3/api-docs/", "/swagger-ui/",
            "/console/", "/webjars/");
    /**
     * The vendor-compatible billing API's paths (docs/bss-api.md): signed with SDK-HMAC-SHA256 and
     * authenticated by {@code io.tollgate.bss.http.BssFilter}, not by API keys.
     */
    public static final List<String> BSS_PREFIXES = List.of("/v2/accounts/", "/v2/bills/", "/v2/orders/",
            "/v2/costs/", "/v2/promotions/", "/v2/payments/", "/v3/orders/", "/v3/payments/", "/v4/costs/");
    private final CustomerService customers;

    public ApiKeyFilter(CustomerService customers) {
        this.customers = customers;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return isPublic(request) || isBss(request);
    }

    /** Whether the request is routed to the vendor-compatible API (by its decoded, normalised path). */
    public static boolean isBss(HttpServletRequest request) {
        String routed = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return BSS_PREFIXES.stream().anyMatch(routed::startsWith);
    }

    static boolean isPublic(HttpServletRequest request) {
        String routed = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String raw = request.getRequestURI().substring(request.getContextPath().length());
        if (!routed.equals(raw)) {
            return false;
        }
        return PUBLIC_PATHS.contains(routed) || PUBLIC_PREFIXES.stream().anyMatch(routed::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader("X-API-Key");
        String auth = request.getHeader("Authorization");
        if (key == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = auth.substring(7);
        }
        CustomerService.KeyCheck check = customers.authenticate(key);
        if (!check.ok()) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            ProblemWriter.write(response, 401, check.code(), check.detail());
            return;
        }
        request.setAttribute(CALLER, check.caller());
        chain.doFilter(request, response);
    }
}
