package io.consilium.server.archive;

/**
 * Fired (synchronously, inside the storing transaction) when the archive indexes a new instance: observers
 * that queue work for it commit or roll back together with the instance, so no arrival is lost.
 */
public record InstanceStored(StoredInstance instance) {
}
