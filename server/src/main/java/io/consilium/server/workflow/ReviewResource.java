package io.consilium.server.workflow;

import io.consilium.server.security.ConsiliumRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;

/**
 * Review work for experts: their Tasks, their region and labels per slice, drafts and completion.
 * Roles: radiologist or dentist for their own Tasks; admin reads every expert's Tasks ({@code mine=false})
 * and edits none.
 */
@RolesAllowed({ConsiliumRoles.RADIOLOGIST, ConsiliumRoles.DENTIST})
@Path("/api/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class ReviewResource {

    private final ReviewService review;
    private final CurrentUser user;

    ReviewResource(ReviewService review, CurrentUser user) {
        this.review = review;
        this.user = user;
    }

    @GET
    @RolesAllowed({ConsiliumRoles.RADIOLOGIST, ConsiliumRoles.DENTIST, ConsiliumRoles.ADMIN})
    public List<Views.Task> list(@QueryParam("mine") @DefaultValue("true") boolean mine,
            @QueryParam("status") String status) {
        TaskStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = TaskStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("status must be one of READY, IN_PROGRESS, COMPLETED, EXPIRED, was '"
                        + status + "'");
            }
        }
        if (mine) {
            String name = user.name().orElseThrow(() -> new ApiProblem(401, "unauthorized",
                    "mine=true needs a signed-in user"));
            return review.tasks(name, wanted);
        }
        if (!mayReadAll()) {
            throw ApiProblem.forbidden("only admin lists other experts' Tasks; ask with mine=true");
        }
        return review.tasks(null, wanted);
    }

    @GET
    @RolesAllowed({ConsiliumRoles.RADIOLOGIST, ConsiliumRoles.DENTIST, ConsiliumRoles.ADMIN})
    @Path("/{id}")
    public Views.TaskDetail get(@PathParam("id") String id) {
        return review.task(id, user.name().orElse(null), mayReadAll());
    }

    @GET
    @RolesAllowed({ConsiliumRoles.RADIOLOGIST, ConsiliumRoles.DENTIST, ConsiliumRoles.ADMIN})
    @Path("/{id}/slices/{k}")
    public Views.TaskSlice slice(@PathParam("id") String id, @PathParam("k") int k) {
        return review.slice(id, k, user.name().orElse(null), mayReadAll());
    }

    @PUT
    @Path("/{id}/slices/{k}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.TaskSlice save(@PathParam("id") String id, @PathParam("k") int k, Views.Labels body) {
        if (body == null || body.labels() == null) {
            throw ApiProblem.badRequest("body must be {\"labels\": base64}");
        }
        return review.saveDraft(id, k, body.labels(), user.name().orElse(null));
    }

    @POST
    @Path("/{id}/completion")
    public Views.Task complete(@PathParam("id") String id) {
        return review.complete(id, user.name().orElse(null));
    }

    /** Without a signed-in user (no OIDC yet) any Task is readable; edits always need its expert. */
    private boolean mayReadAll() {
        return user.name().isEmpty() || user.isAdmin();
    }
}
