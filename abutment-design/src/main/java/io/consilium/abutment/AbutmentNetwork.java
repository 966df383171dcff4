package io.consilium.abutment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The text-conditioned mixture of expert regressors.
 *
 * <p>Inputs: site features (N, F) and the instruction's bag of token features (N, V), normalised to sum 1, so that
 * {@code textEmbedding} computes the mean of learned token embeddings (an embedding bag). The text vector modulates
 * the site encoder by FiLM (per-unit scale and shift), and also feeds the gate. Each of the K experts (a private
 * hidden layer of its own on the shared site encoding) predicts, for every parameter, a mean and a log-variance; the
 * gate's softmax weighs the experts. Trained with a competitive loss and a style-guided gate (see
 * {@link AbutmentTraining}), each expert owns one technician style and the gate recognises the style from the
 * instructions and the site. A material head classifies the abutment material.
 *
 * <p>Outputs: gate logits (N, K), means (N, K, P), log-variances (N, K, P), material logits (N, M).
 */
final class AbutmentNetwork extends AbstractBlock {

    static final int EXPERT_HIDDEN = 48;

    private final int experts;
    private final int parameters;
    private final int hidden;
    private final int embedding;
    private final Linear textEmbedding;
    private final Linear textProjection;
    private final Linear siteInput;
    private final Linear film;
    private final Linear siteHidden;
    private final Linear gate;
    private final Linear expertHidden;
    private final Parameter expertOutput;
    private final Parameter expertBias;
    private final Linear materialHead;

    AbutmentNetwork(int experts, int parameters, int materials, int embedding, int hidden) {
        this.experts = experts;
        this.parameters = parameters;
        this.hidden = hidden;
        this.embedding = embedding;
        textEmbedding = addChildBlock("textEmbedding", Linear.builder().setUnits(embedding).optBias(false).build());
        textProjection = addChildBlock("textProjection", Linear.builder().setUnits(embedding).build());
        siteInput = addChildBlock("siteInput", Linear.builder().setUnits(hidden).build());
        film = addChildBlock("film", Linear.builder().setUnits(2L * hidden).build());
        siteHidden = addChildBlock("siteHidden", Linear.builder().setUnits(hidden).build());
        gate = addChildBlock("gate", Linear.builder().setUnits(experts).build());
        // Each expert is its own small MLP: a private hidden layer, then mean and log-variance per parameter.
        expertHidden = addChildBlock("expertHidden", Linear.builder().setUnits((long) experts * EXPERT_HIDDEN).build());
        expertOutput = addParameter(Parameter.builder().setName("expertOutput").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(experts, EXPERT_HIDDEN, 2L * parameters)).build());
        expertBias = addParameter(Parameter.builder().setName("expertBias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(experts, 1, 2L * parameters)).build());
        materialHead = addChildBlock("material", Linear.builder().setUnits(materials).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray features = inputs.get(0);
        NDArray bag = inputs.get(1);
        NDArray text = textProjection.forward(ps, textEmbedding.forward(ps, new NDList(bag), training), training)
                .singletonOrThrow().tanh();
        NDArray h = Activation.relu(siteInput.forward(ps, new NDList(features), training).singletonOrThrow());
        NDArray modulation = film.forward(ps, new NDList(text), training).singletonOrThrow();
        NDArray scale = modulation.get(":, :" + hidden);
        NDArray shift = modulation.get(":, " + hidden + ":");
        h = h.mul(scale.add(1)).add(shift);
        h = Activation.relu(siteHidden.forward(ps, new NDList(h), training).singletonOrThrow());
        NDArray joint = h.concat(text, 1);
        NDArray gateLogits = gate.forward(ps, new NDList(joint), training).singletonOrThrow();
        long n = features.getShape().get(0);
        NDArray expertActivations = Activation.relu(expertHidden.forward(ps, new NDList(h), training).singletonOrThrow())
                .reshape(n, experts, 1, EXPERT_HIDDEN);
        NDArray weight = ps.getValue(expertOutput, features.getDevice(), training);
        NDArray bias = ps.getValue(expertBias, features.getDevice(), training);
        NDArray heads = expertActivations.matMul(weight).add(bias).reshape(n, experts, 2L * parameters);
        NDArray means = heads.get(":, :, :" + parameters);
        NDArray logVariances = heads.get(":, :, " + parameters + ":").clip(-7, 3);
        NDArray material = materialHead.forward(ps, new NDList(joint), training).singletonOrThrow();
        return new NDList(gateLogits, means, logVariances, material);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        long f = inputShapes[0].get(1);
        long v = inputShapes[1].get(1);
        long e = embedding;
        textEmbedding.initialize(manager, dataType, new Shape(n, v));
        textProjection.initialize(manager, dataType, new Shape(n, e));
        siteInput.initialize(manager, dataType, new Shape(n, f));
        film.initialize(manager, dataType, new Shape(n, e));
        siteHidden.initialize(manager, dataType, new Shape(n, hidden));
        gate.initialize(manager, dataType, new Shape(n, hidden + e));
        expertHidden.initialize(manager, dataType, new Shape(n, hidden));
        materialHead.initialize(manager, dataType, new Shape(n, hidden + e));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        return new Shape[] {new Shape(n, experts), new Shape(n, experts, parameters),
            new Shape(n, experts, parameters), new Shape(n, AbutmentMaterial.values().length)};
    }
}
