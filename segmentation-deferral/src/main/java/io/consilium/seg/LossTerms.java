package io.consilium.seg;

/** The parts of the DeferredSeg training loss, each already multiplied by its weight, and their sum. */
public record LossTerms(double crossEntropy, double deferral, double coherence, double balance) {

    public double total() {
        return crossEntropy + deferral + coherence + balance;
    }

    LossTerms plus(LossTerms other) {
        return new LossTerms(crossEntropy + other.crossEntropy, deferral + other.deferral,
                coherence + other.coherence, balance + other.balance);
    }

    LossTerms scaled(double factor) {
        return new LossTerms(crossEntropy * factor, deferral * factor, coherence * factor, balance * factor);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "loss %.4f (ce %.4f, defer %.4f, coherence %.4f, balance %.4f)",
                total(), crossEntropy, deferral, coherence, balance);
    }
}
