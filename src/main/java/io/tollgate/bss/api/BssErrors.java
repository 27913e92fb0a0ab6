package io.tollgate.bss.api;

import io.tollgate.shared.Failure;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors in the vendor's shape (docs/bss-api.md §3.2): a 4xx or 5xx status, {@code error_code}
 * and {@code error_msg} (Tollgate's stable code in brackets), {@code X-Request-Id}, JSON always.
 * Codes: 400 CBC.0100 parameter error, 401 APIGW.0301, 403 CBC.0150, 404 CBC.0100 (an unknown
 * order or resource is a parameter error there), 409 and 422 CBC.0100, 500 CBC.0999.
 */
@RestControllerAdvice(basePackages = "io.tollgate.bss.api")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class BssErrors {
    private static final Logger LOG = LoggerFactory.getLogger(BssErrors.class);

    static String code(int status) {
        return switch (status) {
            case 401 -> "APIGW.0301";
            case 403 -> "CBC.0150";
            case 429 -> "APIGW.0308";
            default -> status >= 500 ? "CBC.0999" : "CBC.0100";
        };
    }

    static Map<String, Object> body(String code, String message, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", code);
        body.put("error_msg", message);
        body.put("request_id", requestId);
        return body;
    }

    static void write(HttpServletResponse response, int status, String code, String message, String requestId)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader("X-Request-Id", requestId);
        response.getOutputStream().write(BssJson.MAPPER.writeValueAsString(body(code, message, requestId))
                .getBytes(StandardCharsets.UTF_8));
    }

    private static ResponseEntity<String> reply(int status, String message, HttpServletRequest request) {
        Object id = request.getAttribute(BssFilter.REQUEST_ID);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(BssJson.MAPPER.writeValueAsString(body(code(status), message, id == null ? null : id.toString())));
    }

    @ExceptionHandler(Failure.class)
    public ResponseEntity<String> failure(Failure f, HttpServletRequest request) {
        return reply(f.status(), f.getMessage() + " [" + f.code() + "]", request);
    }

    @ExceptionHandler({org.springframework.web.bind.MissingServletRequestParameterException.class,
            org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class,
            org.springframework.http.converter.HttpMessageNotReadableException.class})
    public ResponseEntity<String> parameter(Exception e, HttpServletRequest request) {
        return reply(400, "parameter error: " + e.getMessage() + " [invalid-parameter]", request);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<String> other(Exception e, HttpServletRequest request) {
        LOG.error("BSS request {} failed", request.getRequestURI(), e);
        return reply(500, "internal error [internal]", request);
    }
}
