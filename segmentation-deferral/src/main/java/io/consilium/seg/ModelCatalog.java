package io.consilium.seg;

import java.io.ByteArrayInputStream;
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
import java.util.Properties;

/**
 * Where DeferredSeg models come from: a name of a model bundled in this module, or a directory written by
 * {@link DeferralTraining}. {@link #resolve} accepts either, so every {@code --model NAME|DIR} and every
 * configured model reads the same way.
 */
public final class ModelCatalog {

    /** Lung nodules on CT, trained on LIDC-IDRI with its radiologists as the expert pool (see its card). */
    public static final String LUNG_NODULE = "lung-nodule";
    /** Synthetic CT/MR-like phantoms with three simulated experts: the demo's and the tests' model. */
    public static final String PHANTOM = "phantom";
    private static final List<String> BUNDLED = List.of(LUNG_NODULE, PHANTOM);
    private static final String ROOT = "/io/consilium/seg/models/";

    private ModelCatalog() {
    }

    /** The names of the bundled models. */
    public static List<String> bundledNames() {
        return BUNDLED;
    }

    /**
     * A bundled model by name, or else a model directory.
     *
     * @throws IOException naming what was asked for and the bundled names when it is neither
     */
    public static StoredModel resolve(String nameOrDirectory) throws IOException {
        if (nameOrDirectory == null || nameOrDirectory.isBlank()) {
            throw new IOException("no model named; bundled models: " + String.join(", ", BUNDLED));
        }
        if (BUNDLED.contains(nameOrDirectory)) {
            return bundled(nameOrDirectory);
        }
        Path dir = Path.of(nameOrDirectory);
        if (!Files.isDirectory(dir)) {
            throw new IOException("no model '" + nameOrDirectory + "': not a bundled model ("
                    + String.join(", ", BUNDLED) + ") and not a model directory");
        }
        return directory(dir);
    }

    /** A model directory written by training. */
    public static StoredModel directory(Path dir) throws IOException {
        Path card = dir.resolve(DeferredSegmentor.CARD_FILE);
        Path params = dir.resolve(DeferredSegmentor.PARAMS_FILE);
        if (!Files.isRegularFile(card) || !Files.isRegularFile(params)) {
            throw new IOException("no DeferredSeg model in " + dir + " (expected " + DeferredSegmentor.CARD_FILE
                    + " and " + DeferredSegmentor.PARAMS_FILE + ")");
        }
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return new StoredModel(name == null ? dir.toString() : name.toString(), dir.toString(),
                Files.readAllBytes(card), Files.readAllBytes(params));
    }

    static StoredModel bundled(String name) {
        try (InputStream card = ModelCatalog.class.getResourceAsStream(ROOT + name + "/" + DeferredSegmentor.CARD_FILE);
                InputStream params = ModelCatalog.class.getResourceAsStream(
                        ROOT + name + "/" + DeferredSegmentor.PARAMS_FILE)) {
            if (card == null || params == null) {
                throw new IllegalStateException("the bundled model " + name + " is missing from the class path ("
                        + ROOT + name + ")");
            }
            return new StoredModel(name, "bundled", card.readAllBytes(), params.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled model " + name, e);
        }
    }

    /** A model's card and weights as stored, not yet loaded into PyTorch. */
    public static final class StoredModel {

        private final String name;
        private final String source;
        private final byte[] card;
        private final byte[] params;
        private final ModelIdentity identity;

        StoredModel(String name, String source, byte[] card, byte[] params) throws IOException {
            this.name = name;
            this.source = source;
            this.card = card;
            this.params = params;
            Properties properties = new Properties();
            properties.load(new ByteArrayInputStream(card));
            Map<String, String> values = new LinkedHashMap<>();
            for (String key : properties.stringPropertyNames()) {
                values.put(key, properties.getProperty(key));
            }
            String digest = sha256(params);
            this.identity = new ModelIdentity(name, digest.substring(7, 19), digest, values);
        }

        public ModelIdentity identity() {
            return identity;
        }

        /** {@code bundled} or the directory it was read from. */
        public String source() {
            return source;
        }

        /** Loads the weights (with the MedSAM backbone a head trained on top of it needs, else null). */
        public DeferredSegmentor open(MedSamBackbone backbone) throws IOException {
            return DeferredSegmentor.read(new ByteArrayInputStream(card), params, name + " (" + source + ")", backbone,
                    identity);
        }

        public DeferredSegmentor open() throws IOException {
            return open(null);
        }

        private static String sha256(byte[] bytes) {
            try {
                return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK lacks SHA-256", e);
            }
        }
    }
}
