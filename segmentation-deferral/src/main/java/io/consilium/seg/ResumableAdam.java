package io.consilium.seg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam (the same update as DJL's, through the engine's fused Adam kernel) whose state can be checkpointed: per
 * parameter the first and second moment estimates and the number of updates. Saved beside the weights, it lets a
 * resumed training continue exactly where it stopped instead of restarting the moments from zero.
 * DJL's own Adam keeps this state private and keyed by run-specific parameter ids; here it is saved by parameter
 * name.
 */
final class ResumableAdam extends Optimizer {

    private static final String MAGIC = "deferredseg-adam-1";
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final float learningRate;
    private final Map<String, Moments> state = new HashMap<>();

    /** One parameter's optimiser state. */
    private static final class Moments {
        final NDArray mean;
        final NDArray variance;
        int updates;

        Moments(NDArray mean, NDArray variance, int updates) {
            this.mean = mean;
            this.variance = variance;
            this.updates = updates;
        }
    }

    ResumableAdam(float learningRate) {
        super(new Builder());
        this.learningRate = learningRate;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        Moments moments = state.computeIfAbsent(parameterId,
                id -> new Moments(weight.zerosLike(), weight.zerosLike(), 0));
        int t = ++moments.updates;
        double coef1 = 1.0 - Math.pow(BETA1, t);
        double coef2 = 1.0 - Math.pow(BETA2, t);
        float corrected = (float) (learningRate * Math.sqrt(coef2) / coef1);
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, moments.mean, moments.variance),
                new NDList(weight), learningRate, corrected, getWeightDecay(), rescaleGrad, clipGrad, BETA1, BETA2,
                EPSILON, true, false);
    }

    /** Writes the state of every parameter of {@code parameters}, by name, after {@code steps} training steps. */
    void save(PairList<String, Parameter> parameters, int steps, DataOutputStream out) throws IOException {
        out.writeUTF(MAGIC);
        out.writeInt(steps);
        out.writeInt(parameters.size());
        for (Pair<String, Parameter> entry : parameters) {
            Parameter parameter = entry.getValue();
            Moments moments = state.get(parameter.getId());
            out.writeUTF(entry.getKey());
            out.writeInt(moments == null ? 0 : moments.updates);
            if (moments != null) {
                writeFloats(out, moments.mean.toFloatArray());
                writeFloats(out, moments.variance.toFloatArray());
            }
        }
    }

    /**
     * Restores the state written by {@link #save} onto the parameters of the same names.
     *
     * @param steps the training steps the weights have seen; the state must be from the same step
     */
    void restore(PairList<String, Parameter> parameters, int steps, DataInputStream in, String source)
            throws IOException {
        if (!MAGIC.equals(in.readUTF())) {
            throw new IOException(source + " is not a DeferredSeg optimiser checkpoint (" + MAGIC + ")");
        }
        int savedSteps = in.readInt();
        if (savedSteps != steps) {
            throw new IOException(source + " holds the optimiser state after step " + savedSteps + " but the weights "
                    + "are from step " + steps + " (an interrupted checkpoint): retrain or resume from a copy");
        }
        int count = in.readInt();
        Map<String, Parameter> byName = new HashMap<>();
        for (Pair<String, Parameter> entry : parameters) {
            byName.put(entry.getKey(), entry.getValue());
        }
        if (count != byName.size()) {
            throw new IOException(source + " holds optimiser state for " + count + " parameters, the network has "
                    + byName.size());
        }
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            Parameter parameter = byName.get(name);
            if (parameter == null) {
                throw new IOException(source + " holds optimiser state for an unknown parameter " + name);
            }
            int updates = in.readInt();
            if (updates == 0) {
                continue;
            }
            NDArray weight = parameter.getArray();
            NDArray mean = weight.zerosLike();
            NDArray variance = weight.zerosLike();
            PyTorchRuntime.overwrite(mean, readFloats(in, weight.size(), name, source));
            PyTorchRuntime.overwrite(variance, readFloats(in, weight.size(), name, source));
            state.put(parameter.getId(), new Moments(mean, variance, updates));
        }
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(DataInputStream in, long expected, String name, String source)
            throws IOException {
        int length = in.readInt();
        if (length != expected) {
            throw new IOException(source + ": optimiser state of " + name + " has " + length + " values, the "
                    + "parameter " + expected);
        }
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
