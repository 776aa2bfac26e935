package dev.sluice.server.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A call that cannot be answered as asked: the status (a 4xx), a short code ({@code not_found}) and one sentence
 * saying what is wrong and what to do. Answered as {@code {"error": code, "detail": sentence, ...extra}}.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, Object> extra;

    public ApiError(int status, String code, String detail) {
        this(status, code, detail, Map.of());
    }

    public ApiError(int status, String code, String detail, Map<String, Object> extra) {
        super(detail);
        this.status = status;
        this.code = code;
        this.extra = new LinkedHashMap<>(extra);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    static ApiError notFound(String detail) {
        return new ApiError(404, "not_found", detail);
    }

    static ApiError badRequest(String detail) {
        return new ApiError(400, "bad_request", detail);
    }

    static ApiError conflict(String detail) {
        return new ApiError(409, "conflict", detail);
    }
}
