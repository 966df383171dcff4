package io.consilium.seg;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who made a result: the one description of a DeferredSeg model that the workflow stores with each result, the
 * audit trail names as the actor, FHIR publishes as a Device and the command line prints. Read from the model's
 * card and weights without starting PyTorch.
 *
 * @param name          the catalogue name ({@code lung-nodule}, {@code phantom}) or, for a model directory, its
 *                      folder name
 * @param version       distinguishes trainings of one name: the first 12 hex digits of the weights digest
 * @param weightsDigest {@code sha256:} and the hex SHA-256 of the weights file
 * @param card          the model card: how it was trained, on what, its size
 */
public record ModelIdentity(String name, String version, String weightsDigest, Map<String, String> card) {

    public ModelIdentity {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model needs a name");
        }
        if (weightsDigest == null || !weightsDigest.startsWith("sha256:")) {
            throw new IllegalArgumentException("weights digest must be sha256:<hex>, got " + weightsDigest);
        }
        card = Collections.unmodifiableMap(new TreeMap<>(card));
    }

    /** {@code name version}, as people read it in logs and tables. */
    public String label() {
        return name + " " + version;
    }
}
