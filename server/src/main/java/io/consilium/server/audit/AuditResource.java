package io.consilium.server.audit;

import io.consilium.audit.AuditQuery;
import io.consilium.audit.TrailVerification;
import io.consilium.server.security.ConsiliumRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The audit trail, for auditors only: verification, search and FHIR export. */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ConsiliumRoles.AUDITOR)
public class AuditResource {

    private final AuditTrail trail;

    AuditResource(AuditTrail trail) {
        this.trail = trail;
    }

    /** Checks every chain end to end and names the first broken record. */
    @GET
    @Path("/verify")
    public VerificationView verify() {
        TrailVerification verification = trail.verify();
        return new VerificationView(verification.intact(), verification.records(),
                verification.streams().stream().map(chain -> new VerificationView.Stream(chain.stream(), chain.intact(),
                        chain.verifiedRecords(), chain.verifiedCheckpoints(),
                        chain.intact() ? null : chain.firstBrokenSequence(), chain.intact() ? null : chain.reason()))
                        .toList());
    }

    /** Records matching every given criterion, newest first. */
    @GET
    @Path("/records")
    public RecordsPage records(@QueryParam("patient") String patient, @QueryParam("user") String user,
            @QueryParam("action") String action, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        AuditQuery query;
        try {
            query = new AuditQuery(patient, user, action, instant("from", from), instant("to", to), page, size);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        return new RecordsPage(page, size, trail.find(query).stream().map(AuditRecordView::of).toList());
    }

    /** The whole trail as FHIR R4 NDJSON (AuditEvent and Provenance resources). */
    @GET
    @Path("/export/fhir")
    @Produces("application/fhir+ndjson")
    public StreamingOutput exportFhir() {
        return output -> {
            var writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            trail.exportFhir(writer);
            writer.flush();
        };
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-11-27T08:00:00Z, was '"
                    + value + "'");
        }
    }

    /** The verdict on the trail. */
    public record VerificationView(boolean intact, long records, List<Stream> streams) {
        /** One stream's chain; the first broken record and why, when broken. */
        public record Stream(String stream, boolean intact, long verifiedRecords, long verifiedCheckpoints,
                Long firstBrokenSequence, String reason) {
        }
    }

    /** One page of search results. */
    public record RecordsPage(int page, int size, List<AuditRecordView> records) {
    }
}
