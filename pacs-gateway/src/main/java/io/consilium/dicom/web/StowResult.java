package io.consilium.dicom.web;

import java.util.List;

/**
 * What a STOW-RS store did with each instance sent, from the response's Referenced and Failed SOP Sequences
 * (PS3.18 10.5.3). An instance the response does not mention counts as failed: nothing is assumed stored.
 */
public record StowResult(int httpStatus, List<InstanceOutcome> outcomes) {

    public enum Outcome { STORED, STORED_WITH_WARNING, FAILED }

    /**
     * @param reason the Failure Reason (0008,1197) or Warning Reason (0008,1196), or null
     * @param retrieveUrl where the stored instance can be retrieved, when the server said so
     */
    public record InstanceOutcome(String sopInstanceUid, Outcome outcome, Integer reason, String retrieveUrl) {
    }

    public boolean allStored() {
        return outcomes.stream().allMatch(o -> o.outcome() != Outcome.FAILED);
    }

    public List<InstanceOutcome> failures() {
        return outcomes.stream().filter(o -> o.outcome() == Outcome.FAILED).toList();
    }
}
