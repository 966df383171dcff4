package io.consilium.server.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The AI models this installation runs, read from their model cards (no weights are loaded: describing a model
 * must not start PyTorch): the DeferredSeg segmentor (bundled, or the directory in {@code consilium.seg.model})
 * and the bundled abutment designer.
 */
@Singleton
public class AiModels {

    static final String DEFERRED_SEG = "deferred-seg";
    private static final String SEG_BUNDLED = "/io/consilium/seg/models/phantom/";
    private static final String SEG_CARD = "deferredseg.properties";
    private static final String SEG_PARAMS = "deferredseg.params";
    private static final String ABUTMENT = "/io/consilium/abutment/model/";
    private static final String ABUTMENT_VARIANT = "full";

    private final List<AiModel> models;

    AiModels(@ConfigProperty(name = "consilium.seg.model") Optional<String> segModel, ObjectMapper json) {
        this.models = List.of(segmentor(segModel.filter(dir -> !dir.isBlank()).map(Path::of)), abutment(json));
    }

    public List<AiModel> all() {
        return models;
    }

    /** The segmentation model results are made with now. */
    public AiModel segmentor() {
        return models.get(0);
    }

    public AiModel abutmentDesigner() {
        return models.get(1);
    }

    public Optional<AiModel> byDeviceId(String id) {
        return models.stream().filter(model -> model.deviceId().equals(id)).findFirst();
    }

    private static AiModel segmentor(Optional<Path> directory) {
        var card = new Properties();
        byte[] weights;
        try {
            if (directory.isPresent()) {
                try (InputStream in = Files.newInputStream(directory.get().resolve(SEG_CARD))) {
                    card.load(in);
                }
                weights = Files.readAllBytes(directory.get().resolve(SEG_PARAMS));
            } else {
                card.load(resource(SEG_BUNDLED + SEG_CARD));
                weights = resource(SEG_BUNDLED + SEG_PARAMS).readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the DeferredSeg model card", e);
        }
        String digest = sha256(weights);
        var properties = new LinkedHashMap<String, String>();
        for (String key : List.of("classes", "experts", "width", "training.data", "training.epochs",
                "training.seed", "training.deferral-weight", "training.coherence-weight", "training.balance-weight")) {
            String value = card.getProperty(key);
            if (value != null) {
                properties.put(key, value);
            }
        }
        properties.put("source", directory.map(Path::toString).orElse("bundled"));
        String version = card.getProperty("format", "deferredseg") + " weights " + digest.substring(7, 19);
        return new AiModel(DEFERRED_SEG, version, digest,
                "Promptable image segmentation that defers uncertain pixels to named human experts", properties);
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
