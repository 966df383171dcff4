package io.consilium.server.abutment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.server.security.ConsiliumRoles;
import jakarta.annotation.security.RolesAllowed;
import io.consilium.abutment.AbutmentDesigner;
import io.consilium.abutment.AbutmentProposal;
import io.consilium.abutment.InvalidCaseException;
import io.consilium.server.workflow.ApiProblem;
import io.consilium.server.workflow.CurrentUser;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Abutment cases: propose, check an edit, approve or reject, download STL.
 * Roles (added with OpenID Connect): dentist (all), technician (read, check, STL).
 */
@RolesAllowed({ConsiliumRoles.DENTIST, ConsiliumRoles.TECHNICIAN})
@Path("/api/abutment/cases")
@Produces(MediaType.APPLICATION_JSON)
public class AbutmentResource {

    private static final List<String> STATUSES = List.of("PROPOSED", "APPROVED", "REJECTED");
    private static final int MAX_LIST = 200;

    private final AbutmentCases cases;
    private final CurrentUser user;
    private final ObjectMapper json;

    AbutmentResource(AbutmentCases cases, CurrentUser user, ObjectMapper json) {
        this.cases = cases;
        this.user = user;
        this.json = json;
    }

    /** A decision: approve (optionally an edited design) or reject with a reason. */
    public record Decision(Boolean approve, String reason, AbutmentProposal design) {
    }

    /**
     * The body is the case (abutment-case.schema.json, which holds no patient identifiers), or the case with the
     * patient it is for: {@code {"patientId": "...", "case": {...}}}. The Patient ID travels in the body, never in
     * the URL, so that it stays out of access logs.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response propose(String body) {
        String caseJson = body;
        String patientId = null;
        try {
            JsonNode envelope = json.readTree(body);
            if (envelope != null && envelope.isObject() && envelope.has("case")) {
                caseJson = envelope.get("case").toString();
                JsonNode patient = envelope.path("patientId");
                if (!patient.isMissingNode() && !patient.isNull() && !patient.isTextual()) {
                    throw ApiProblem422(new InvalidCaseException("patientId", "must be a string"));
                }
                patientId = patient.isTextual() ? patient.asText() : null;
            }
        } catch (JsonProcessingException e) {
            // Not JSON: the case reader reports it with the position.
        }
        try {
            return Response.status(201).entity(cases.propose(caseJson, patientId, user.name().orElse("anonymous")))
                    .build();
        } catch (InvalidCaseException e) {
            throw ApiProblem422(e);
        }
    }

    /**
     * The cases, newest first: the dentist's and the lab's list to pick one from.
     *
     * @param status PROPOSED, APPROVED or REJECTED (all when absent)
     * @param search a case id or Patient ID, or the start of one
     */
    @GET
    public List<AbutmentCases.CaseSummary> list(@QueryParam("status") String status, @QueryParam("q") String search,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw new ApiProblem(400, "bad request", "status must be one of " + STATUSES);
        }
        if (limit < 1 || limit > MAX_LIST) {
            throw new ApiProblem(400, "bad request", "limit must be 1 to " + MAX_LIST);
        }
        return cases.list(status, search, limit);
    }

    @GET
    @Path("/{id}")
    public AbutmentCases.CaseView get(@PathParam("id") String id) {
        return cases.find(id).orElseThrow(() -> new ApiProblem(404, "not found", "no abutment case " + id));
    }

    @POST
    @Path("/{id}/check")
    @Consumes(MediaType.APPLICATION_JSON)
    public List<AbutmentDesigner.DesignCheck> check(@PathParam("id") String id, AbutmentProposal edited) {
        if (edited == null || edited.abutments() == null) {
            throw new ApiProblem(400, "bad request", "body must be the edited design (proposal JSON)");
        }
        try {
            return cases.check(id, edited);
        } catch (NoSuchElementException e) {
            throw new ApiProblem(404, "not found", e.getMessage());
        } catch (InvalidCaseException e) {
            throw ApiProblem422(e);
        }
    }

    /** Approval is clinical sign-off: the dentist's, not the technician's. */
    @POST
    @RolesAllowed(ConsiliumRoles.DENTIST)
    @Path("/{id}/decision")
    @Consumes(MediaType.APPLICATION_JSON)
    public AbutmentCases.CaseView decide(@PathParam("id") String id, Decision decision) {
        if (decision == null || decision.approve() == null) {
            throw new ApiProblem(400, "bad request", "body must be {\"approve\": true|false, \"reason\", \"design\"}");
        }
        String name = user.name().orElseThrow(() -> new ApiProblem(401, "unauthorized",
                "a decision needs a signed-in dentist"));
        try {
            return cases.decide(id, decision.approve(), decision.reason(), decision.design(), name);
        } catch (NoSuchElementException e) {
            throw new ApiProblem(404, "not found", e.getMessage());
        } catch (AbutmentCases.DecisionRefused e) {
            throw new ApiProblem(e.conflict() ? 409 : 422, e.conflict() ? "conflict" : "unprocessable",
                    e.getMessage());
        } catch (InvalidCaseException e) {
            throw ApiProblem422(e);
        }
    }

    @GET
    @Path("/{id}/implants/{fdi}/stl")
    @Produces("model/stl")
    public Response stl(@PathParam("id") String id, @PathParam("fdi") int fdi) {
        return stlResponse(id, fdi, () -> cases.stl(id, fdi));
    }

    /** The STL of an edited design that is not saved: the 3D preview of a technician's or dentist's edit. */
    @POST
    @Path("/{id}/implants/{fdi}/stl")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces("model/stl")
    public Response editedStl(@PathParam("id") String id, @PathParam("fdi") int fdi, AbutmentProposal edited) {
        if (edited == null || edited.abutments() == null) {
            throw new ApiProblem(400, "bad request", "body must be the edited design (proposal JSON)");
        }
        return stlResponse(id, fdi, () -> cases.stl(id, fdi, edited));
    }

    private static Response stlResponse(String id, int fdi, Supplier<Optional<byte[]>> export) {
        try {
            byte[] stl = export.get().orElseThrow(() -> new ApiProblem(404, "not found",
                    "case " + id + " has no implant at tooth " + fdi));
            return Response.ok(stl, "model/stl")
                    .header("Content-Disposition", "attachment; filename=\"abutment-" + fdi + ".stl\"").build();
        } catch (NoSuchElementException e) {
            throw new ApiProblem(404, "not found", e.getMessage());
        } catch (AbutmentCases.DecisionRefused e) {
            throw new ApiProblem(422, "unprocessable", e.getMessage());
        } catch (InvalidCaseException e) {
            throw ApiProblem422(e);
        }
    }

    private static ApiProblem ApiProblem422(InvalidCaseException e) {
        return new ApiProblem(422, "invalid case", e.field() + ": " + e.getMessage());
    }
}
