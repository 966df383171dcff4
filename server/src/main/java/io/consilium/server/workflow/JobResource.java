package io.consilium.server.workflow;

import io.consilium.server.security.ConsiliumRoles;
import jakarta.annotation.security.RolesAllowed;
import io.consilium.server.jobs.JobQueue;
import io.consilium.server.jobs.JobStatus;
import io.consilium.server.jobs.JobView;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;

/** The job queue for operators: what runs, what waits, what FAILED and why. Roles: technician, admin. */
@RolesAllowed({ConsiliumRoles.INTEGRATOR, ConsiliumRoles.ADMIN})
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobQueue queue;

    JobResource(JobQueue queue) {
        this.queue = queue;
    }

    @GET
    public List<JobView> list(@QueryParam("status") String status,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.badRequest("limit must be between 1 and 1000, was " + limit);
        }
        JobStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = JobStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("status must be one of PENDING, RUNNING, DONE, FAILED, was '" + status
                        + "'");
            }
        }
        return queue.recent(wanted, limit);
    }

    @GET
    @Path("/{id}")
    public JobView get(@PathParam("id") long id) {
        return queue.find(id).orElseThrow(() -> ApiProblem.notFound("no job " + id));
    }
}
