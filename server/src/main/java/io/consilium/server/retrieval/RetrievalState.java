package io.consilium.server.retrieval;

/** Where a study retrieval stands; COMPLETED and FAILED are final. */
public enum RetrievalState {
    QUEUED, LISTING, RETRIEVING, VERIFYING, RETRY_WAIT, COMPLETED, FAILED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }
}
