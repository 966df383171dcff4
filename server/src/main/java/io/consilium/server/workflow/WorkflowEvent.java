package io.consilium.server.workflow;

/**
 * A change the UI follows live ({@code kind} = job, task or result). Fired inside the transaction that made
 * it; sent to SSE clients only once that transaction commits.
 */
public record WorkflowEvent(String kind, String id, String status) {
}
