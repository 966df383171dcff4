package io.consilium.server.workflow;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/**
 * The workflow's committed changes as a stream for live updates. Apart from the secured {@link EventResource}:
 * events are fired by job workers, which carry no user, and must never be refused by the resource's roles.
 */
@ApplicationScoped
class WorkflowEvents {

    private final BroadcastProcessor<WorkflowEvent> events = BroadcastProcessor.create();

    void publish(@Observes(during = TransactionPhase.AFTER_SUCCESS) WorkflowEvent event) {
        events.onNext(event);
    }

    Multi<WorkflowEvent> stream() {
        return events;
    }
}
