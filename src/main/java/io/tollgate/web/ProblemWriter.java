package io.tollgate.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Builds problem details with a stable code; also writes them from filters, outside Spring MVC. */
public final class ProblemWriter {
    private ProblemWriter() {
    }

    public static ProblemDetail problem(int status, String code, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
        p.setType(URI.create("urn:tollgate:problem:" + code));
        p.setTitle(code.replace('-', ' '));
        p.setProperty("code", code);
        return p;
    }

    public static void write(HttpServletResponse response, int status, String code, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        String escaped = detail.replace("\\", "\\\\").replace("\"", "\\\"");
        response.getWriter().write("{\"type\":\"urn:tollgate:problem:" + code + "\",\"title\":\""
                + code.replace('-', ' ') + "\",\"status\":" + status + ",\"detail\":\"" + escaped
                + "\",\"code\":\"" + code + "\"}");
    }
}
