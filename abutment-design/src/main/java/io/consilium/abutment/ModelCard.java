package io.consilium.abutment;

import java.util.List;

/**
 * Everything besides the weights that a trained network needs and that a reviewer wants to know: architecture,
 * vocabulary of the tokeniser, target scaling, interval calibration, what each expert specialised in, and how it
 * was trained (command, seed, data).
 */
record ModelCard(String name, String variant, int experts, int embedding, int hidden, boolean usesText,
        List<String> vocabulary, double[] targetMean, double[] targetStd, double[] intervalScale,
        List<String> expertSpecialties, Training training) {

    record Training(String command, long seed, int cases, int sites, int epochs, int batchSize, double learningRate,
            double finalLoss, double seconds) {
    }

    String version() {
        return name + "/" + variant + " (seed " + training.seed() + ")";
    }
}
