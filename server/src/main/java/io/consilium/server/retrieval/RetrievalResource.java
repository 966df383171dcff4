package io.consilium.server.retrieval;

import io.consilium.server.security.ConsiliumRoles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Study retrieval from the PACS for integrators: {@code POST /api/retrievals {"studyInstanceUid"}} queues one
 * (202 with its state), {@code GET /api/retrievals/{id}} follows it. For the integrator and admin roles.
 */
@RolesAllowed({ConsiliumRoles.INTEGRATOR, ConsiliumRoles.ADMIN})
@Path("/api/retrievals")
@Produces(MediaType.APPLICATION_JSON)
public class RetrievalResource {

    /** The request body. */
    public record Request(String studyInstanceUid) {
    }

    private final StudyRetrieval retrieval;
    private final SecurityIdentity identity;

    RetrievalResource(StudyRetrieval retrieval, SecurityIdentity identity) {
        this.retrieval = retrieval;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response request(Request request) {
        if (request == null) {
            throw new BadRequestException("a body {\"studyInstanceUid\": \"...\"} is required");
        }
        try {
            Retrieval queued = retrieval.request(request.studyInstanceUid(), identity.getPrincipal().getName());
            return Response.accepted(queued).location(URI.create("/api/retrievals/" + queued.id())).build();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    @GET
    @Path("/{id}")
    public Retrieval get(@PathParam("id") String id) {
        return retrieval.find(id).orElseThrow(() -> new NotFoundException("no retrieval " + id));
    }
}
