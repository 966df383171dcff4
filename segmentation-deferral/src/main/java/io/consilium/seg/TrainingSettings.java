package io.consilium.seg;

/**
 * How a DeferredSeg model is trained; saved beside the weights so every model says how it was made.
 *
 * @param width            feature channels of the network's first layer (model size)
 * @param epochs           passes over the training cases
 * @param batchSize        cases per optimiser step
 * @param learningRate     Adam learning rate
 * @param seed             seeds weight initialisation and data order: same seed, same data, same model
 * @param deferralWeight   weight of the learning-to-defer expert terms (reward the expert channel where that
 *                         expert's label is correct); the class cross-entropy has weight 1.
 *                         Below 1 it acts as the cost of asking a person: the optimum defers a pixel only
 *                         where weight x P(expert right) exceeds the AI's probability of its class
 * @param coherenceWeight  weight of the spatial-coherence loss (total variation of the deferral map)
 * @param balanceWeight    weight of the load-balancing penalty (spread of the expert workload from even)
 */
public record TrainingSettings(int width, int epochs, int batchSize, float learningRate, long seed,
        double deferralWeight, double coherenceWeight, double balanceWeight) {

    public static final TrainingSettings DEFAULT = new TrainingSettings(16, 12, 8, 0.003f, 42, 0.7, 0.1, 0.05);

    public TrainingSettings {
        if (width < 2 || epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("width >= 2, epochs >= 1, batch size >= 1 and a positive learning "
                    + "rate are required, got " + width + ", " + epochs + ", " + batchSize + ", " + learningRate);
        }
        if (deferralWeight < 0 || coherenceWeight < 0 || balanceWeight < 0) {
            throw new IllegalArgumentException("loss weights must be >= 0, got deferral " + deferralWeight
                    + ", coherence " + coherenceWeight + ", balance " + balanceWeight);
        }
    }

    public TrainingSettings withEpochs(int value) {
        return new TrainingSettings(width, value, batchSize, learningRate, seed, deferralWeight, coherenceWeight,
                balanceWeight);
    }

    public TrainingSettings withSeed(long value) {
        return new TrainingSettings(width, epochs, batchSize, learningRate, value, deferralWeight, coherenceWeight,
                balanceWeight);
    }

    public TrainingSettings withLossWeights(double deferral, double coherence, double balance) {
        return new TrainingSettings(width, epochs, batchSize, learningRate, seed, deferral, coherence, balance);
    }
}
