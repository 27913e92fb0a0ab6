package io.tollgate.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a Content-Type that names no concrete media type ({@code * / *}, {@code application/*},
 * unparseable text) with 415 before Spring MVC tries to read the body with it (which fails as a 500).
 */
@Component
@Order(3)
public class ContentTypeFilter extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getContentType();
        if (header != null && !concrete(header)) {
            ProblemWriter.write(response, 415, "unsupported-media-type", "send application/json");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean concrete(String header) {
        try {
            MediaType type = MediaType.parseMediaType(header);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
