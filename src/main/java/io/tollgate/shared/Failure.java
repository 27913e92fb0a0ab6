package io.tollgate.shared;

/**
 * An expected business outcome that ends a request: it carries a stable code and the HTTP
 * status it maps to, and is turned into RFC 9457 problem+json at the edge. Throwing it inside a
 * transaction rolls the whole change back, so a refused request writes nothing.
 */
public class Failure extends RuntimeException {
    private final int status;
    private final String code;

    public Failure(int status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    public static Failure invalid(String code, String detail) {
        return new Failure(400, code, detail);
    }

    public static Failure unprocessable(String code, String detail) {
        return new Failure(422, code, detail);
    }

    public static Failure notFound(String code, String detail) {
        return new Failure(404, code, detail);
    }

    public static Failure conflict(String code, String detail) {
        return new Failure(409, code, detail);
    }

    public static Failure forbidden(String code, String detail) {
        return new Failure(403, code, detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
