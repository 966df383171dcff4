package io.consilium.server.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AI models behind this installation's outputs, as Devices: each segmentation model version that made a
 * stored result or that the workflow runs now (from the workflow's {@link ClinicalResults}, whose identities come
 * from {@code io.consilium.seg.ModelIdentity}), and the bundled abutment designer. Describing a model never loads
 * its weights into an engine.
 */
@Singleton
public class AiModels {

    private static final String ABUTMENT = "/io/consilium/abutment/model/";
    private static final String ABUTMENT_VARIANT = "full";

    private final Instance<ClinicalResults> results;
    private final AiModel abutmentDesigner;

    AiModels(Instance<ClinicalResults> results, ObjectMapper json) {
        this.results = results;
        this.abutmentDesigner = abutment(json);
    }

    public List<AiModel> all() {
        List<AiModel> all = new ArrayList<>();
        if (results.isResolvable()) {
            all.addAll(results.get().segmentationModels());
        }
        all.add(abutmentDesigner);
        return all;
    }

    public AiModel abutmentDesigner() {
        return abutmentDesigner;
    }

    public Optional<AiModel> byDeviceId(String id) {
        return all().stream().filter(model -> model.deviceId().equals(id)).findFirst();
    }

    private static AiModel abutment(ObjectMapper json) {
        try {
            JsonNode card = json.readTree(resource(ABUTMENT + ABUTMENT_VARIANT + ".json"));
            String digest = sha256(resource(ABUTMENT + ABUTMENT_VARIANT + ".params").readAllBytes());
            String name = card.path("name").asText();
            JsonNode training = card.path("training");
            // The same words as AbutmentDesigner.modelVersion(), which the audit trail records.
            String version = name + "/" + card.path("variant").asText() + " (seed " + training.path("seed").asLong()
                    + ")";
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("experts", card.path("experts").asText());
            properties.put("uses-text", card.path("usesText").asText());
            properties.put("training.cases", training.path("cases").asText());
            properties.put("training.epochs", training.path("epochs").asText());
            properties.put("training.command", training.path("command").asText());
            return new AiModel(name, version, digest,
                    "Text-conditioned multi-expert regressor proposing implant abutment designs", properties);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the abutment model card", e);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = AiModels.class.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("model resource " + path + " is missing from the class path");
        }
        return in;
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
