package io.consilium.server.study;

import io.consilium.server.security.ConsiliumRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The worklist's view of studies: for the clinical roles and integrators. */
@Path("/api/studies")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ConsiliumRoles.RADIOLOGIST, ConsiliumRoles.DENTIST, ConsiliumRoles.TECHNICIAN, ConsiliumRoles.INTEGRATOR})
public class StudyResource {

    private final StudyCatalog catalog;

    StudyResource(StudyCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    public List<StudySummary> list(@QueryParam("limit") @DefaultValue("200") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new BadRequestException("limit must be between 1 and 1000, was " + limit);
        }
        return catalog.newestFirst(limit);
    }

    @GET
    @Path("/{studyInstanceUid}")
    public StudySummary get(@PathParam("studyInstanceUid") String studyInstanceUid) {
        return catalog.find(studyInstanceUid)
                .orElseThrow(() -> new NotFoundException("No study " + studyInstanceUid));
    }
}
