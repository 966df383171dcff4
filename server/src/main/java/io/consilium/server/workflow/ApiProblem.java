package io.consilium.server.workflow;

/** A request the workflow refuses, with the HTTP status and a message a person can act on. */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String error;

    public ApiProblem(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    static ApiProblem notFound(String what) {
        return new ApiProblem(404, "not found", what);
    }

    static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "forbidden", detail);
    }

    static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "conflict", detail);
    }

    static ApiProblem unprocessable(String detail) {
        return new ApiProblem(422, "unprocessable", detail);
    }

    static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "bad request", detail);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
