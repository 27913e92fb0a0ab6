package io.tollgate.web;

import io.tollgate.customer.Caller;
import io.tollgate.customer.CustomerService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request under /api/ must carry an API key, as {@code Authorization: Bearer <key>} or
 * {@code X-API-Key: <key>}. The caller it resolves to is put on the request for controllers.
 */
@Component
@Order(2)
public class ApiKeyFilter extends OncePerRequestFilter {
    public static final String CALLER = ApiKeyFilter.class.getName() + ".caller";
    private final CustomerService customers;

    public ApiKeyFilter(CustomerService customers) {
        this.customers = customers;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader("X-API-Key");
        String auth = request.getHeader("Authorization");
        if (key == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = auth.substring(7);
        }
        Optional<Caller> caller = customers.authenticate(key);
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer");
            ProblemWriter.write(response, 401, "unauthenticated", "a valid API key is required");
            return;
        }
        request.setAttribute(CALLER, caller.get());
        chain.doFilter(request, response);
    }
}
