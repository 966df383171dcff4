package io.consilium.seg;

import ai.djl.ndarray.NDArray;

/**
 * The DeferredSeg training objective on scores (N, C + K, H, W), with a softmax over all C + K channels:
 * <ul>
 *   <li>the pixel-wise learning-to-defer surrogate: cross-entropy on the true class, plus for each expert
 *       {@code -log p(expert k)} wherever expert k's label is correct (weight {@code deferralWeight});</li>
 *   <li>spatial coherence: total variation of each expert's deferral probability map, so deferral comes in
 *       regions rather than speckle;</li>
 *   <li>load balance: squared distance of the experts' shares of the deferral mass from an even split.</li>
 * </ul>
 */
final class DeferralLoss {

    private final int classes;
    private final int experts;
    private final TrainingSettings settings;

    DeferralLoss(int classes, int experts, TrainingSettings settings) {
        this.classes = classes;
        this.experts = experts;
        this.settings = settings;
    }

    /** Returns {total, crossEntropy, deferral, coherence, balance} as scalar arrays (weights applied). */
    NDArray[] compute(NDArray scores, NDArray targetOneHot, NDArray expertCorrect) {
        NDArray logp = scores.logSoftmax(1);
        NDArray classLogp = logp.get(":, 0:" + classes);
        NDArray expertLogp = logp.get(":, " + classes + ":");
        NDArray crossEntropy = classLogp.mul(targetOneHot).sum(new int[] {1}).mean().neg();
        NDArray deferral = expertLogp.mul(expertCorrect).sum(new int[] {1}).mean().neg()
                .mul((float) settings.deferralWeight());
        NDArray deferProbability = expertLogp.exp();
        NDArray vertical = deferProbability.get(":, :, 1:, :").sub(deferProbability.get(":, :, :-1, :")).abs().mean();
        NDArray horizontal = deferProbability.get(":, :, :, 1:").sub(deferProbability.get(":, :, :, :-1")).abs()
                .mean();
        NDArray coherence = vertical.add(horizontal).mul((float) settings.coherenceWeight());
        NDArray share = deferProbability.sum(new int[] {0, 2, 3});
        NDArray normalised = share.div(share.sum().add(1e-6f));
        NDArray balance = normalised.sub(1f / experts).square().sum().mul((float) experts).mul((float) settings.balanceWeight());
        NDArray total = crossEntropy.add(deferral).add(coherence).add(balance);
        return new NDArray[] {total, crossEntropy, deferral, coherence, balance};
    }
}
