package io.tollgate.web;

import io.tollgate.shared.Failure;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** The one mapping from failures to problem+json. Bad input is a 4xx; only a defect is a 500. */
@RestControllerAdvice
public class ProblemHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(Failure.class)
    ResponseEntity<ProblemDetail> failure(Failure f) {
        return respond(f.status(), f.code(), f.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyLimitFilter.BodyTooLarge) {
                return respond(413, "body-too-large", t.getMessage());
            }
            if (t instanceof JsonConfiguration.InvalidCharacters) {
                return respond(400, "invalid-characters", "a text in the request body contains control characters");
            }
        }
        String detail = e.getMostSpecificCause().getMessage();
        if (detail != null && detail.length() > 300) {
            detail = detail.substring(0, 300);
        }
        return respond(400, "malformed-json", "the request body is not valid JSON for this endpoint: " + detail);
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class,
            MissingRequestHeaderException.class})
    ResponseEntity<ProblemDetail> badParameter(Exception e) {
        return respond(400, "invalid-parameter", e.getMessage());
    }

    /** A request that claims to be multipart but cannot be parsed as such (no endpoint takes multipart). */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e) {
        return respond(400, "malformed-multipart", "the multipart body cannot be read; send application/json");
    }

    /** The container could not decode the query or form parameters (bad percent-encoding, bad charset). */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> undecodable(InvalidParameterException e) {
        return respond(400, "invalid-parameter", "a query parameter is not valid percent-encoded UTF-8");
    }

    /** Other request binding failures: a missing path variable, cookie or attribute. */
    @ExceptionHandler(ServletRequestBindingException.class)
    ResponseEntity<ProblemDetail> binding(ServletRequestBindingException e) {
        return respond(400, "invalid-parameter", e.getMessage());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return ResponseEntity.status(406).build();
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return respond(415, "unsupported-media-type", "send application/json");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return respond(405, "method-not-allowed", e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
        return respond(404, "not-found", "no such endpoint");
    }

    /** Two requests raced for the same unique key; the loser changed nothing and may retry. */
    @ExceptionHandler({DataIntegrityViolationException.class, PessimisticLockingFailureException.class})
    ResponseEntity<ProblemDetail> race(Exception e) {
        LOG.info("concurrent request lost a race: {}", e.getMessage());
        return respond(409, "concurrent-change", "a concurrent request changed the same data; retry");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> defect(Exception e) {
        LOG.error("unexpected failure", e);
        return respond(500, "internal-error", "an unexpected error occurred; it has been logged");
    }

    private static ResponseEntity<ProblemDetail> respond(int status, String code, String detail) {
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemWriter.problem(status, code, detail));
    }
}
