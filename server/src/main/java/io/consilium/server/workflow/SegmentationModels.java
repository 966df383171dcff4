package io.consilium.server.workflow;

import io.consilium.dicom.Volume;
import io.consilium.seg.DeferredSegmentor;
import io.consilium.seg.ImageSlice;
import io.consilium.seg.InferenceControls;
import io.consilium.seg.ModelCatalog;
import io.consilium.seg.ModelIdentity;
import io.consilium.seg.RoutedImage;
import io.consilium.server.jobs.JobFailure;
import io.consilium.server.seg.SegConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The DeferredSeg models the workflow runs, by the name or directory each routing rule gives: every model is read
 * once (card and weights, which give its identity without starting PyTorch), loaded on first use from those same
 * bytes and kept, so the identity stored with a result is always that of the weights that made it. Experts beyond
 * the configured reviewers are marked absent, so a model never defers to a person who does not exist.
 */
@ApplicationScoped
public class SegmentationModels {

    private static final Logger LOG = Logger.getLogger(SegmentationModels.class);

    private final SegConfig config;
    private final ReviewConfig review;
    private final Map<String, ModelCatalog.StoredModel> stored = new HashMap<>();
    private final Map<String, DeferredSegmentor> loaded = new HashMap<>();

    SegmentationModels(SegConfig config, ReviewConfig review) {
        this.config = config;
        this.review = review;
    }

    /** One slice's routed output, as stored. */
    public record SliceOutput(byte[] aiMask, byte[] deferral, byte[] confidence) {
    }

    /** A volume's routed slices and the model that made them. */
    public record Segmentation(ModelIdentity model, List<SliceOutput> slices) {
    }

    /** Segments every slice of the volume with the route's model, box prompt and window. */
    public Segmentation segment(Volume volume, RoutingRules.Route route) {
        DeferredSegmentor segmentor = loaded(route);
        int width = volume.columns();
        int height = volume.rows();
        var box = route.boxFor(width, height);
        InferenceControls controls = controls(segmentor);
        float[] voxels = volume.voxels();
        int pixels = width * height;
        double low = route.windowCenter() - route.windowWidth() / 2;
        List<SliceOutput> out = new ArrayList<>(volume.slices());
        for (int z = 0; z < volume.slices(); z++) {
            float[] samples = new float[pixels];
            for (int p = 0; p < pixels; p++) {
                double v = (voxels[z * pixels + p] - low) / route.windowWidth();
                samples[p] = (float) Math.max(0, Math.min(1, v));
            }
            RoutedImage routed = segmentor.segment(ImageSlice.of(width, height, 1, samples), box, controls);
            byte[] mask = new byte[pixels];
            byte[] deferral = new byte[pixels];
            byte[] confidence = new byte[pixels];
            for (int p = 0; p < pixels; p++) {
                int x = p % width;
                int y = p / width;
                mask[p] = (byte) (routed.aiClassAt(x, y) > 0 ? 1 : 0);
                deferral[p] = (byte) routed.deferralMap().ownerAt(x, y);
                confidence[p] = (byte) Math.round(Math.max(0, Math.min(1, routed.confidenceAt(x, y))) * 255);
            }
            out.add(new SliceOutput(mask, deferral, confidence));
        }
        return new Segmentation(segmentor.identity(), out);
    }

    /**
     * The identity of the model a rule names, without loading it.
     *
     * @throws JobFailure naming the setting when the model cannot be read
     */
    public synchronized ModelIdentity identity(RoutingRules.Route route) {
        return stored(route).identity();
    }

    private InferenceControls controls(DeferredSegmentor segmentor) {
        int people = review.experts().size();
        Set<Integer> absent = new HashSet<>();
        for (int k = people + 1; k <= segmentor.experts(); k++) {
            absent.add(k);
        }
        return new InferenceControls(config.inference().budget(), absent, config.inference().minRegion());
    }

    private synchronized DeferredSegmentor loaded(RoutingRules.Route route) {
        DeferredSegmentor model = loaded.get(route.model());
        if (model == null) {
            try {
                model = stored(route).open();
            } catch (IOException e) {
                throw new JobFailure(setting(route) + ": cannot load the model: " + e.getMessage(), e);
            }
            loaded.put(route.model(), model);
            LOG.infof("routing rule %s: loaded DeferredSeg model %s", route.task(), model.identity().label());
            if (review.experts().size() > model.experts()) {
                LOG.warnf("consilium.review.experts names %d people but model %s defers to %d experts: the last "
                        + "%d get no Tasks", review.experts().size(), model.identity().label(), model.experts(),
                        review.experts().size() - model.experts());
            }
        }
        return model;
    }

    private ModelCatalog.StoredModel stored(RoutingRules.Route route) {
        ModelCatalog.StoredModel model = stored.get(route.model());
        if (model == null) {
            try {
                model = ModelCatalog.resolve(route.model());
            } catch (IOException | RuntimeException e) {
                throw new JobFailure(setting(route) + ": " + e.getMessage(), e);
            }
            stored.put(route.model(), model);
        }
        return model;
    }

    private static String setting(RoutingRules.Route route) {
        return "consilium.routing.rules." + route.task() + ".model=" + route.model();
    }

    @PreDestroy
    synchronized void close() {
        loaded.values().forEach(DeferredSegmentor::close);
        loaded.clear();
    }
}
