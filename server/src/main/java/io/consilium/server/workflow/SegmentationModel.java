package io.consilium.server.workflow;

import io.consilium.audit.Actor;
import io.consilium.dicom.Volume;
import io.consilium.seg.DeferredSegmentor;
import io.consilium.seg.ImageSlice;
import io.consilium.seg.InferenceControls;
import io.consilium.seg.RoutedImage;
import io.consilium.server.seg.SegConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The DeferredSeg model the workflow runs (the bundled one unless {@code consilium.seg.model} names a trained
 * directory), loaded once. Experts beyond the configured reviewers are marked absent, so the model never
 * defers to a person who does not exist.
 */
@ApplicationScoped
public class SegmentationModel {

    private static final Logger LOG = Logger.getLogger(SegmentationModel.class);
    public static final String NAME = "DeferredSeg";
    private static final String BUNDLED_PARAMS = "/io/consilium/seg/models/phantom/deferredseg.params";

    private final SegConfig config;
    private final ReviewConfig review;
    private DeferredSegmentor model;
    private String version;
    private String digest;

    SegmentationModel(SegConfig config, ReviewConfig review) {
        this.config = config;
        this.review = review;
    }

    /** One slice's routed output, as stored. */
    public record SliceOutput(byte[] aiMask, byte[] deferral, byte[] confidence) {
    }

    /** Segments every slice of the volume with the route's box prompt and window. */
    public List<SliceOutput> segment(Volume volume, RoutingRules.Route route) {
        DeferredSegmentor segmentor = model();
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
        return out;
    }

    private InferenceControls controls(DeferredSegmentor segmentor) {
        int people = review.experts().size();
        Set<Integer> absent = new HashSet<>();
        for (int k = people + 1; k <= segmentor.experts(); k++) {
            absent.add(k);
        }
        return new InferenceControls(config.inference().budget(), absent, config.inference().minRegion());
    }

    public synchronized String version() {
        model();
        return version;
    }

    /** The model as the audit trail names it (name, version, weights digest). */
    public synchronized Actor actor() {
        model();
        return Actor.model(NAME, version, digest);
    }

    synchronized DeferredSegmentor model() {
        if (model == null) {
            String configured = config.model().filter(m -> !m.isBlank()).orElse(null);
            try {
                if (configured == null) {
                    model = DeferredSegmentor.bundled(io.consilium.seg.ModelCatalog.PHANTOM);
                    try (InputStream in = DeferredSegmentor.class.getResourceAsStream(BUNDLED_PARAMS)) {
                        digest = sha256(in);
                    }
                } else {
                    model = DeferredSegmentor.load(Path.of(configured));
                    try (InputStream in = Files.newInputStream(Path.of(configured, "deferredseg.params"))) {
                        digest = sha256(in);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the DeferredSeg model "
                        + (configured == null ? "(bundled)" : configured) + ": " + e.getMessage(), e);
            }
            String seed = model.cardValue("training.seed");
            version = (configured == null ? "bundled" : "custom") + "-k" + model.experts()
                    + (seed == null ? "" : "-seed" + seed);
            if (review.experts().size() > model.experts()) {
                LOG.warnf("consilium.review.experts names %d people but the model defers to %d experts: the last "
                        + "%d get no Tasks", review.experts().size(), model.experts(),
                        review.experts().size() - model.experts());
            }
        }
        return model;
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (var digesting = new DigestInputStream(in, md)) {
                digesting.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    @PreDestroy
    synchronized void close() {
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
