package io.consilium.server.workflow;

import io.consilium.server.security.ConsiliumRoles;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/** Live updates for the UI: Server-Sent Events {@code event: job|task|result}, data {@code {"id","status"}}. */
@Path("/api/events")
public class EventResource {

    private final WorkflowEvents events;

    EventResource(WorkflowEvents events) {
        this.events = events;
    }

    @GET
    @RolesAllowed({ConsiliumRoles.RADIOLOGIST, ConsiliumRoles.DENTIST, ConsiliumRoles.TECHNICIAN, ConsiliumRoles.INTEGRATOR})
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        return events.stream().map(e -> sse.newEventBuilder().name(e.kind())
                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(new Payload(e.id(), e.status())).build());
    }

    /** The data of one event. */
    public record Payload(String id, String status) {
    }
}
