package io.consilium.seg;

/**
 * How a DeferredSeg model is trained; saved beside the weights so every model says how it was made.
 *
 * @param network          which network is trained: the compact one of the phantom model, or the MedSAM-shaped
 *                         promptable one
 * @param width            feature channels of the network's first layer (model size)
 * @param epochs           passes over the training cases
 * @param batchSize        cases per optimiser step
 * @param learningRate     Adam learning rate
 * @param seed             seeds weight initialisation, data order and box margins: same seed, same data, same model
 * @param deferralWeight   weight of the learning-to-defer expert terms (reward the expert channel where that
 *                         expert's label is correct); the class cross-entropy has weight 1.
 *                         Below 1 it acts as the cost of asking a person: the optimum defers a pixel only
 *                         where weight x P(expert right) exceeds the AI's probability of its class
 * @param coherenceWeight  weight of the spatial-coherence loss (total variation of the deferral map)
 * @param balanceWeight    weight of the load-balancing penalty (spread of the expert workload from even)
 * @param boxJitter        0: each case's own box; above 0, every step prompts with the reference's bounding box
 *                         enlarged by a random margin of 0..boxJitter pixels per side (as MedSAM trains)
 * @param cropSize         0: whole images; above 0, every step sees a cropSize x cropSize window placed at random
 *                         around the prompt (a multiple of the network's stride), so the loss is spent where the
 *                         structure is and a step costs a fraction of the whole image
 */
public record TrainingSettings(Network network, int width, int epochs, int batchSize, float learningRate, long seed,
        double deferralWeight, double coherenceWeight, double balanceWeight, int boxJitter, int cropSize) {

    /** The two networks a DeferredSeg model can have. */
    public enum Network {
        /** Image and box mask stacked at the input of a small U-shaped net (about 30 k weights at width 16). */
        COMPACT,
        /** Image encoder, box-prompt encoder and mask decoder, in the shape of MedSAM ({@link PromptableNetwork}). */
        PROMPTABLE
    }

    public static final TrainingSettings DEFAULT = new TrainingSettings(16, 12, 8, 0.003f, 42, 0.7, 0.1, 0.05);

    /** The compact network, each case's own box. */
    public TrainingSettings(int width, int epochs, int batchSize, float learningRate, long seed, double deferralWeight,
            double coherenceWeight, double balanceWeight) {
        this(Network.COMPACT, width, epochs, batchSize, learningRate, seed, deferralWeight, coherenceWeight,
                balanceWeight, 0, 0);
    }

    public TrainingSettings {
        if (network == null) {
            throw new IllegalArgumentException("name the network to train");
        }
        if (width < 2 || epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("width >= 2, epochs >= 1, batch size >= 1 and a positive learning "
                    + "rate are required, got " + width + ", " + epochs + ", " + batchSize + ", " + learningRate);
        }
        if (deferralWeight < 0 || coherenceWeight < 0 || balanceWeight < 0) {
            throw new IllegalArgumentException("loss weights must be >= 0, got deferral " + deferralWeight
                    + ", coherence " + coherenceWeight + ", balance " + balanceWeight);
        }
        if (boxJitter < 0 || cropSize < 0) {
            throw new IllegalArgumentException("box jitter and crop size must be >= 0 pixels, got " + boxJitter + " and "
                    + cropSize);
        }
    }

    public TrainingSettings withEpochs(int value) {
        return new TrainingSettings(network, width, value, batchSize, learningRate, seed, deferralWeight,
                coherenceWeight, balanceWeight, boxJitter, cropSize);
    }

    public TrainingSettings withSeed(long value) {
        return new TrainingSettings(network, width, epochs, batchSize, learningRate, value, deferralWeight,
                coherenceWeight, balanceWeight, boxJitter, cropSize);
    }

    public TrainingSettings withLossWeights(double deferral, double coherence, double balance) {
        return new TrainingSettings(network, width, epochs, batchSize, learningRate, seed, deferral, coherence, balance,
                boxJitter, cropSize);
    }

    public TrainingSettings withNetwork(Network value, int valueWidth) {
        return new TrainingSettings(value, valueWidth, epochs, batchSize, learningRate, seed, deferralWeight,
                coherenceWeight, balanceWeight, boxJitter, cropSize);
    }

    public TrainingSettings withCropSize(int pixels) {
        return new TrainingSettings(network, width, epochs, batchSize, learningRate, seed, deferralWeight,
                coherenceWeight, balanceWeight, boxJitter, pixels);
    }

    public TrainingSettings withBoxJitter(int pixels) {
        return new TrainingSettings(network, width, epochs, batchSize, learningRate, seed, deferralWeight,
                coherenceWeight, balanceWeight, pixels, cropSize);
    }
}
