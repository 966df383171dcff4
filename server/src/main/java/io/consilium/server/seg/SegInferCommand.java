package io.consilium.server.seg;

import io.consilium.seg.BoxPrompt;
import io.consilium.seg.DeferredSegmentor;
import io.consilium.seg.ImageSlice;
import io.consilium.seg.InferenceControls;
import io.consilium.seg.RoutedImage;
import io.consilium.seg.SliceImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import io.consilium.seg.MedSamBackbone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Segments one slice with a box prompt; writes the AI mask, deferral map and confidence as PNG. */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Segment one slice (PNG, 8/16-bit grayscale) inside a box; write mask, deferral map and "
                + "confidence as PNG plus result.json.")
class SegInferCommand extends SegSubcommand {

    @Parameters(index = "0", description = "The slice: a PNG file (DICOM input comes with the pacs-gateway reader)")
    Path file;

    @Option(names = "--box", required = true, description = "Box prompt x0,y0,x1,y1 in pixels")
    String box;

    @Option(names = "--out", required = true, description = "Output directory")
    Path out;

    @Option(names = "--model", description = "Model directory; default: consilium.seg.model or the bundled model")
    Path model;

    @Option(names = "--budget", description = "Largest share of deferred pixels, 0..1")
    Double budget;

    @Option(names = "--absent-expert", description = "Expert (1-based) not available; repeatable")
    List<Integer> absent;

    @Option(names = "--min-region", description = "Smallest deferred region in pixels")
    Integer minRegion;

    @Option(names = "--window", description = "centre,width for 16-bit images (default: the image's own range)")
    String window;

    @Mixin
    MedSamOptions medsam;

    private final SegModels models;

    SegInferCommand(SegModels models) {
        this.models = models;
    }

    @Override
    int execute() throws Exception {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".dcm") || name.endsWith(".dicom")) {
            spec.commandLine().getErr().println("DICOM input is not readable yet: the pixel-data reader and the "
                    + "DICOM SEG writer come with pacs-gateway. Export the slice as a PNG (8/16-bit grayscale) and "
                    + "pass that file.");
            return 2;
        }
        BoxPrompt prompt = BoxPrompt.parse(box);
        double[] centreWidth = null;
        if (window != null) {
            String[] parts = window.split(",");
            if (parts.length != 2) {
                throw new IllegalArgumentException("--window must be centre,width, got '" + window + "'");
            }
            centreWidth = new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
        }
        ImageSlice image = SliceImages.readImage(file, centreWidth);
        InferenceControls controls = models.controls(budget, absent, minRegion);
        try (MedSamBackbone backbone = medsam.open();
                DeferredSegmentor segmentor = models.open(model, backbone)) {
            RoutedImage routed = segmentor.segment(image, prompt, controls);
            int w = image.width();
            int h = image.height();
            byte[] mask = new byte[w * h];
            float[] confidence = new float[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    mask[y * w + x] = (byte) routed.aiClassAt(x, y);
                    confidence[y * w + x] = routed.confidenceAt(x, y);
                }
            }
            Files.createDirectories(out);
            SliceImages.writeMask(out.resolve("mask.png"), mask, w, h, segmentor.classes());
            SliceImages.writeDeferralMap(out.resolve("deferral-map.png"), routed.deferralMap());
            SliceImages.writeGray(out.resolve("confidence.png"), confidence, w, h);
            long[] workload = routed.deferralMap().workload();
            StringBuilder json = new StringBuilder();
            json.append(String.format(Locale.ROOT, "{%n  \"model\": \"%s\",%n  \"width\": %d,%n  \"height\": %d,%n"
                    + "  \"box\": [%d, %d, %d, %d],%n  \"budget\": %.4f,%n  \"min_region\": %d,%n"
                    + "  \"deferral_rate\": %.6f,%n  \"deferred_pixels_per_expert\": [",
                    models.describe(model).replace("\\", "/"), w, h, prompt.x0(), prompt.y0(), prompt.x1(), prompt.y1(),
                    controls.deferralBudget(), controls.minRegionPixels(), routed.deferralMap().deferralRate()));
            for (int k = 0; k < workload.length; k++) {
                json.append(k == 0 ? "" : ", ").append(workload[k]);
            }
            json.append("],\n  \"files\": [\"mask.png\", \"deferral-map.png\", \"confidence.png\"]\n}\n");
            Files.writeString(out.resolve("result.json"), json.toString());
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "Segmented %dx%d slice: %.1f%% of pixels deferred %s; outputs in %s%n", w, h,
                    100 * routed.deferralMap().deferralRate(), java.util.Arrays.toString(workload), out);
        }
        return 0;
    }
}
