package io.tollgate.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies above the limit (default 1 MiB) with 413: at once when Content-Length
 * says so, and while reading when the body arrives chunked.
 */
@Component
@Order(1)
public class BodyLimitFilter extends OncePerRequestFilter {
    private final long defaultMaxBytes;
    private final long usageMaxBytes;

    public BodyLimitFilter(@Value("${tollgate.http.max-body-bytes:1048576}") long maxBytes,
                           @Value("${tollgate.http.max-usage-body-bytes:16777216}") long usageMaxBytes) {
        this.defaultMaxBytes = maxBytes;
        this.usageMaxBytes = usageMaxBytes;
    }

    /** Usage and utilization batches (up to 10,000 records or samples) get a larger limit than the other endpoints. */
    private long limitFor(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return uri.startsWith("/api/v1/platform/usage-records") || uri.startsWith("/api/v1/platform/utilization-samples")
                ? usageMaxBytes : defaultMaxBytes;
    }

    /** Thrown while reading a chunked body past the limit; mapped to 413. */
    public static class BodyTooLarge extends IOException {
        BodyTooLarge(long max) {
            super("the request body is larger than " + max + " bytes");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long maxBytes = limitFor(request);
        if (request.getContentLengthLong() > maxBytes) {
            ProblemWriter.write(response, 413, "body-too-large", "the request body is larger than " + maxBytes + " bytes");
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public ServletInputStream getInputStream() throws IOException {
                return new Limited(super.getInputStream(), maxBytes);
            }
        }, response);
    }

    private static final class Limited extends ServletInputStream {
        private final ServletInputStream in;
        private final long max;
        private long read;

        Limited(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLarge {
            read += n;
            if (read > max) {
                throw new BodyTooLarge(max);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
