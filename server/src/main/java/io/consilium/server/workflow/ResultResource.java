package io.consilium.server.workflow;

import io.consilium.server.security.ConsiliumRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Segmentation results (preliminary, then final) and their per-slice layers.
 * Roles (added with OpenID Connect): radiologist, dentist, technician, integrator, admin.
 */
@RolesAllowed({ConsiliumRoles.RADIOLOGIST, ConsiliumRoles.DENTIST, ConsiliumRoles.TECHNICIAN, ConsiliumRoles.INTEGRATOR})
@Path("/api/results")
@Produces(MediaType.APPLICATION_JSON)
public class ResultResource {

    private final ResultStore results;

    ResultResource(ResultStore results) {
        this.results = results;
    }

    @GET
    @Path("/{id}")
    public Views.Result get(@PathParam("id") String id) {
        return results.result(id).orElseThrow(() -> ApiProblem.notFound("no result " + id));
    }

    @GET
    @Path("/{id}/slices/{k}")
    public Views.Slice slice(@PathParam("id") String id, @PathParam("k") int k) {
        return results.slice(id, k);
    }
}
