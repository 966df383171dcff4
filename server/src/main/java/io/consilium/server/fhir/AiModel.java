package io.consilium.server.fhir;

import java.util.Map;

/**
 * One AI model at one version, as the FHIR facade describes it (a Device). The audit trail names it the same
 * way: {@code Actor.model(name, version, weightsDigest)}.
 *
 * @param name          the model's name, e.g. {@code deferred-seg}
 * @param version       what distinguishes this training from others of the same model
 * @param weightsDigest {@code sha256:} of the weights file
 * @param kind          what it does, in words
 * @param properties    what an IHE AIR consumer wants to know: classes, experts, training data and settings
 */
public record AiModel(String name, String version, String weightsDigest, String kind, Map<String, String> properties) {

    /** The Device id: stable for a model and version, a valid FHIR id. */
    public String deviceId() {
        return DeviceMapping.deviceId(name, version);
    }
}
