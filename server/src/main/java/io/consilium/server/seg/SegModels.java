package io.consilium.server.seg;

import io.consilium.seg.DeferredSegmentor;
import io.consilium.seg.InferenceControls;
import io.consilium.seg.MedSamBackbone;
import io.consilium.seg.ModelCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/** Which DeferredSeg model and controls a command uses: an explicit directory, the configured one, or the bundled. */
@ApplicationScoped
public class SegModels {

    static {
        // DJL never downloads: its natives come from the jars on the class path.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private final SegConfig config;

    SegModels(SegConfig config) {
        this.config = config;
    }

    /**
     * The model a command names ({@code --model NAME|DIR}), else the configured one, else the bundled phantom model.
     */
    DeferredSegmentor open(String explicit, MedSamBackbone backbone) throws IOException {
        String chosen = explicit != null ? explicit : config.model().filter(m -> !m.isBlank()).orElse(null);
        if (chosen == null && backbone != null) {
            throw new IllegalArgumentException("the bundled models have no MedSAM backbone: give --model with a head "
                    + "trained by 'seg train --medsam-encoder ... --medsam-decoder ...'");
        }
        return ModelCatalog.resolve(chosen != null ? chosen : ModelCatalog.PHANTOM).open(backbone);
    }

    InferenceControls controls(Double budget, List<Integer> absent, Integer minRegion) {
        return new InferenceControls(budget != null ? budget : config.inference().budget(),
                absent == null ? Set.of() : Set.copyOf(absent),
                minRegion != null ? minRegion : config.inference().minRegion());
    }

    SegConfig config() {
        return config;
    }
}
