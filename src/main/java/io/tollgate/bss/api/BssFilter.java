package io.tollgate.bss.api;

import io.tollgate.bss.BssKeyService;
import io.tollgate.bss.core.Signature;
import io.tollgate.customer.Caller;
import io.tollgate.customer.Role;
import io.tollgate.web.ApiKeyFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the vendor-compatible API's requests (paths under {@link ApiKeyFilter#BSS_PREFIXES})
 * by their SDK-HMAC-SHA256 signature: a known active access key, {@code X-Sdk-Date} within 15
 * minutes of the wall clock (the SDK signs with the system time, whatever the billing clock says),
 * the signature over the received request, and never the same signature twice. The caller is the
 * key's customer with the admin role. Every reply carries {@code X-Request-Id}; a refusal is the
 * vendor's 401 {@code APIGW.0301}.
 */
@Component
@Order(2)
public class BssFilter extends OncePerRequestFilter {
    public static final String REQUEST_ID = BssFilter.class.getName() + ".requestId";
    private final BssKeyService keys;
    private final Clock wall = Clock.systemUTC();

    public BssFilter(BssKeyService keys) {
        this.keys = keys;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiKeyFilter.isBss(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = UUID.randomUUID().toString().replace("-", "");
        response.setHeader("X-Request-Id", requestId);
        request.setAttribute(REQUEST_ID, requestId);
        byte[] body = request.getInputStream().readAllBytes();
        Optional<Signature.Authorization> auth = Signature.parse(request.getHeader("Authorization"));
        if (auth.isEmpty()) {
            refuse(response, requestId, "Incorrect IAM authentication information: the Authorization header is not "
                    + Signature.ALGORITHM);
            return;
        }
        Signature.Authorization a = auth.get();
        if (!a.signedHeaders().contains("host") || !a.signedHeaders().contains("x-sdk-date")) {
            refuse(response, requestId, "Incorrect IAM authentication information: host and x-sdk-date must be signed");
            return;
        }
        String sdkDate = request.getHeader("X-Sdk-Date");
        Optional<Instant> date = Signature.date(sdkDate);
        Instant now = wall.instant();
        if (date.isEmpty() || !Signature.fresh(date.get(), now)) {
            refuse(response, requestId, "Incorrect IAM authentication information: X-Sdk-Date is missing or more "
                    + "than 15 minutes from the server's time");
            return;
        }
        Optional<BssKeyService.Active> key = keys.active(a.accessKey());
        Signature.Request signed = new Signature.Request(request.getMethod(), request.getRequestURI(),
                request.getQueryString(), name -> request.getHeader(name.toLowerCase(Locale.ROOT)), body);
        if (key.isEmpty() || !Signature.verify(signed, a, sdkDate, key.get().secretKey())) {
            refuse(response, requestId, "Incorrect IAM authentication information: verify aksk signature fail");
            return;
        }
        if (!keys.firstSight(a.signature(), now)) {
            refuse(response, requestId, "Incorrect IAM authentication information: this signature was used already "
                    + "(a replayed request)");
            return;
        }
        request.setAttribute(ApiKeyFilter.CALLER, new Caller(Role.CUSTOMER_ADMIN, key.get().customerId(),
                "bss:" + a.accessKey()));
        chain.doFilter(new BodyRequest(request, body), response);
    }

    static void refuse(HttpServletResponse response, String requestId, String message) throws IOException {
        BssErrors.write(response, 401, "APIGW.0301", message, requestId);
    }

    /** The request with its body read once, for the signature, and served again to the controller. */
    static final class BodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                /** The body is all in memory: a listener is told at once that it is there and complete. */
                @Override
                public void setReadListener(ReadListener listener) {
                    try {
                        if (in.available() > 0) {
                            listener.onDataAvailable();
                        }
                        listener.onAllDataRead();
                    } catch (IOException e) {
                        listener.onError(e);
                    }
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
