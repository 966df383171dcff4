package io.consilium.server.seg;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** DeferredSeg settings ({@code consilium.seg.*}); command-line options override them per run. */
@ConfigMapping(prefix = "consilium.seg")
public interface SegConfig {

    /** Directory of a trained model to use instead of the bundled one. */
    Optional<String> model();

    Training training();

    Inference inference();

    interface Training {
        @WithDefault("16")
        int width();

        @WithDefault("12")
        int epochs();

        @WithDefault("8")
        int batchSize();

        @WithDefault("0.003")
        float learningRate();

        @WithDefault("42")
        long seed();

        /** Weight of the learning-to-defer expert terms; below 1 it is the cost of asking a person. */
        @WithDefault("0.7")
        double deferralWeight();

        /** Weight of the spatial-coherence (total variation) loss on the deferral map. */
        @WithDefault("0.1")
        double coherenceWeight();

        /** Weight of the load-balancing penalty across experts. */
        @WithDefault("0.05")
        double balanceWeight();

        /** Synthetic training cases when no --data is given. */
        @WithDefault("400")
        int cases();

        /** Side of the synthetic training slices in pixels. */
        @WithDefault("96")
        int size();
    }

    interface Inference {
        /** Largest share of pixels that may be deferred (1 = no limit). */
        @WithDefault("1.0")
        double budget();

        /** Deferred regions smaller than this many pixels go back to the AI. */
        @WithDefault("16")
        int minRegion();
    }
}
