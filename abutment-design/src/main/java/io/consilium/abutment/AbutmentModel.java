package io.consilium.abutment;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A trained {@link AbutmentNetwork} with its {@link ModelCard}, ready to predict the sites of a case. */
final class AbutmentModel implements AutoCloseable {

    static final String BUNDLED = "/io/consilium/abutment/model/";
    static final ObjectMapper JSON = new ObjectMapper();

    /** Network output for one site, in clinical units. */
    record SitePrediction(double[] mean, double[] low, double[] high, double[] gate, double[] materialProbability) {
    }

    private final ModelCard card;
    private final NDManager manager;
    private final AbutmentNetwork network;
    private final Map<String, Integer> vocabulary = new HashMap<>();

    AbutmentModel(ModelCard card, NDManager manager, AbutmentNetwork network) {
        this.card = card;
        this.manager = manager;
        this.network = network;
        for (int i = 0; i < card.vocabulary().size(); i++) {
            vocabulary.put(card.vocabulary().get(i), i);
        }
    }

    ModelCard card() {
        return card;
    }

    static AbutmentNetwork network(ModelCard card) {
        return new AbutmentNetwork(card.experts(), DesignParameter.COUNT, AbutmentMaterial.values().length,
                card.embedding(), card.hidden());
    }

    /** The weights shipped with the library: variant "full", "no-text" or "single-expert". */
    static AbutmentModel bundled(String variant) {
        try (InputStream card = AbutmentModel.class.getResourceAsStream(BUNDLED + variant + ".json");
                InputStream params = AbutmentModel.class.getResourceAsStream(BUNDLED + variant + ".params")) {
            if (card == null || params == null) {
                throw new IllegalStateException("bundled abutment model '" + variant + "' is missing from the class "
                        + "path (" + BUNDLED + variant + ".json/.params); retrain with ./consilium abutment train");
            }
            return load(JSON.readValue(card, ModelCard.class), params.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled abutment model '" + variant + "'", e);
        }
    }

    static AbutmentModel load(Path directory, String variant) {
        Path card = directory.resolve(variant + ".json");
        Path params = directory.resolve(variant + ".params");
        if (!Files.isRegularFile(card) || !Files.isRegularFile(params)) {
            throw new IllegalArgumentException("no abutment model '" + variant + "' in " + directory + " (expected "
                    + card.getFileName() + " and " + params.getFileName() + ")");
        }
        try {
            return load(JSON.readValue(card.toFile(), ModelCard.class), Files.readAllBytes(params));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read abutment model from " + directory, e);
        }
    }

    static AbutmentModel load(ModelCard card, byte[] params) {
        PyTorch.require();
        NDManager manager = NDManager.newBaseManager("PyTorch");
        AbutmentNetwork network = network(card);
        try {
            network.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(params)));
        } catch (IOException | MalformedModelException e) {
            manager.close();
            throw new IllegalStateException("abutment model weights do not match their card (" + card.version()
                    + "): " + e.getMessage(), e);
        }
        return new AbutmentModel(card, manager, network);
    }

    void save(Path directory) throws IOException {
        save(directory, card, network);
    }

    static void save(Path directory, ModelCard card, AbutmentNetwork network) throws IOException {
        Files.createDirectories(directory);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            network.saveParameters(out);
        }
        Files.write(directory.resolve(card.variant() + ".params"), bytes.toByteArray());
        JSON.writerWithDefaultPrettyPrinter().writeValue(directory.resolve(card.variant() + ".json").toFile(), card);
    }

    /** Bag of token features, normalised to sum 1 (the mean in the embedding bag); unknown tokens collected. */
    float[] bag(List<String> tokens, List<String> unknown) {
        int width = Math.max(1, vocabulary.size());
        float[] bag = new float[width];
        if (!card.usesText()) {
            return bag;
        }
        float total = 0;
        for (String feature : Tokenizer.features(tokens)) {
            Integer i = vocabulary.get(feature);
            if (i != null) {
                bag[i] += 1;
                total += 1;
            } else if (!feature.contains("_") && unknown != null && !unknown.contains(feature)) {
                unknown.add(feature);
            }
        }
        if (total > 0) {
            for (int i = 0; i < width; i++) {
                bag[i] /= total;
            }
        }
        return bag;
    }

    int bagWidth() {
        return Math.max(1, vocabulary.size());
    }

    /** Predicts every site of the case in one batch; unknown instruction words are added to {@code unknown}. */
    synchronized List<SitePrediction> predict(CasePlan plan, List<String> unknown) {
        int n = plan.sites().size();
        float[] features = new float[n * SiteFeatures.COUNT];
        float[] bags = new float[n * bagWidth()];
        for (int i = 0; i < n; i++) {
            SitePlan s = plan.sites().get(i);
            System.arraycopy(SiteFeatures.of(plan, s), 0, features, i * SiteFeatures.COUNT, SiteFeatures.COUNT);
            System.arraycopy(bag(s.instructions().tokens(), unknown), 0, bags, i * bagWidth(), bagWidth());
        }
        try (NDManager scope = manager.newSubManager()) {
            NDList out = network.forward(new ParameterStore(scope, false),
                    new NDList(scope.create(features, new Shape(n, SiteFeatures.COUNT)),
                            scope.create(bags, new Shape(n, bagWidth()))), false);
            return decode(n, out.get(0).softmax(1), out.get(1), out.get(2), out.get(3).softmax(1));
        }
    }

    private List<SitePrediction> decode(int n, NDArray gate, NDArray means, NDArray logVariances, NDArray material) {
        int k = card.experts();
        int p = DesignParameter.COUNT;
        float[] g = gate.toFloatArray();
        float[] mu = means.toFloatArray();
        float[] lv = logVariances.toFloatArray();
        float[] mat = material.toFloatArray();
        int m = AbutmentMaterial.values().length;
        List<SitePrediction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] mean = new double[p];
            double[] low = new double[p];
            double[] high = new double[p];
            for (int j = 0; j < p; j++) {
                double first = 0;
                double second = 0;
                for (int e = 0; e < k; e++) {
                    double w = g[i * k + e];
                    double mj = mu[(i * k + e) * p + j];
                    first += w * mj;
                    second += w * (Math.exp(lv[(i * k + e) * p + j]) + mj * mj);
                }
                double sd = Math.sqrt(Math.max(0, second - first * first));
                double std = card.targetStd()[j];
                mean[j] = first * std + card.targetMean()[j];
                double half = card.intervalScale()[j] * sd * std;
                low[j] = mean[j] - half;
                high[j] = mean[j] + half;
            }
            double[] weights = new double[k];
            for (int e = 0; e < k; e++) {
                weights[e] = g[i * k + e];
            }
            double[] probs = new double[m];
            for (int c = 0; c < m; c++) {
                probs[c] = mat[i * m + c];
            }
            out.add(new SitePrediction(mean, low, high, weights, probs));
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
