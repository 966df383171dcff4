package io.consilium.server.fhir;

import io.consilium.seg.ModelIdentity;
import java.util.Map;

/**
 * One AI model at one version, as the FHIR facade describes it (a Device). The audit trail names it the same
 * way: {@code Actor.model(name, version, weightsDigest)}.
 *
 * @param name          the model's name, e.g. {@code phantom}
 * @param version       what distinguishes this training from others of the same model
 * @param weightsDigest {@code sha256:} of the weights file ({@code unknown} for results stored before it was kept)
 * @param kind          what it does, in words
 * @param properties    what an IHE AIR consumer wants to know: classes, experts, training data and settings
 */
public record AiModel(String name, String version, String weightsDigest, String kind, Map<String, String> properties) {

    static final String SEGMENTOR_KIND =
            "Promptable image segmentation that defers uncertain pixels to named human experts";

    /** A DeferredSeg model whose card is at hand: its training facts become the Device's properties. */
    public static AiModel segmentor(ModelIdentity identity) {
        return new AiModel(identity.name(), identity.version(), identity.weightsDigest(), SEGMENTOR_KIND,
                identity.card());
    }

    /** A DeferredSeg model known only from the results it made (name, version and digest stored with each). */
    public static AiModel segmentor(String name, String version, String weightsDigest) {
        return new AiModel(name, version, weightsDigest, SEGMENTOR_KIND, Map.of());
    }

    /** The Device id: stable for a model and version, a valid FHIR id. */
    public String deviceId() {
        return DeviceMapping.deviceId(name, version);
    }
}
