package io.consilium.server.workflow;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** {@code {"error": ..., "detail": ...}} with the problem's status, as the UI contract says. */
@Provider
public class ApiProblemMapper implements ExceptionMapper<ApiProblem> {

    /** The error body of the REST API. */
    public record ErrorBody(String error, String detail) {
    }

    @Override
    public Response toResponse(ApiProblem problem) {
        return Response.status(problem.status()).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(problem.error(), problem.getMessage())).build();
    }
}
