package io.consilium.server.seg;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.DicomParseException;
import io.consilium.dicom.PixelData;
import io.consilium.dicom.Segmentation;
import io.consilium.dicom.Tag;
import io.consilium.dicom.UnsupportedTransferSyntaxException;
import io.consilium.dicom.Volume;
import io.consilium.seg.BoxPrompt;
import io.consilium.seg.DeferredSegmentor;
import io.consilium.seg.ImageSlice;
import io.consilium.seg.InferenceControls;
import io.consilium.seg.RoutedImage;
import io.consilium.seg.SliceImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import io.consilium.seg.MedSamBackbone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Segments one slice with a box prompt; writes the AI mask, deferral map and confidence as PNG, and for DICOM
 * input also a DICOM SEG over the source image.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Segment one slice (a DICOM image, or a PNG 8/16-bit grayscale) inside a box; write mask, "
                + "deferral map and confidence as PNG plus result.json, and seg.dcm (DICOM SEG) for DICOM input.")
class SegInferCommand extends SegSubcommand {

    /** Private coding scheme (PS3.16 8.2: designators beginning with 99) for who decides a pixel. */
    private static final Segmentation.Code DEFERRED_TO_EXPERT =
            new Segmentation.Code("DEFER", "99CONSILIUM", "Deferred to expert review");

    private static final Tag WINDOW_CENTER = new Tag(0x0028, 0x1050);
    private static final Tag WINDOW_WIDTH = new Tag(0x0028, 0x1051);

    @Parameters(index = "0", description = "The slice: a DICOM image (.dcm, single frame, monochrome) or a PNG")
    Path file;

    @Option(names = "--box", required = true, description = "Box prompt x0,y0,x1,y1 in pixels")
    String box;

    @Option(names = "--out", required = true, description = "Output directory")
    Path out;

    @Option(names = "--model", description = "Bundled model (lung-nodule, phantom) or model directory; default: "
            + "consilium.seg.model, else phantom")
    String model;

    @Option(names = "--budget", description = "Largest share of deferred pixels, 0..1")
    Double budget;

    @Option(names = "--absent-expert", description = "Expert (1-based) not available; repeatable")
    List<Integer> absent;

    @Option(names = "--min-region", description = "Smallest deferred region in pixels")
    Integer minRegion;

    @Option(names = "--window", description = "centre,width for 16-bit PNG or DICOM images (default: the DICOM "
            + "file's own window, else the image's range)")
    String window;

    @Mixin
    MedSamOptions medsam;

    private final SegModels models;

    SegInferCommand(SegModels models) {
        this.models = models;
    }

    @Override
    int execute() throws Exception {
        BoxPrompt prompt = BoxPrompt.parse(box);
        double[] centreWidth = null;
        if (window != null) {
            String[] parts = window.split(",");
            if (parts.length != 2) {
                throw new IllegalArgumentException("--window must be centre,width, got '" + window + "'");
            }
            centreWidth = new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
        }
        Volume dicom = isDicom(file) ? readDicom(file) : null;
        ImageSlice image = dicom != null ? windowed(dicom, centreWidth) : SliceImages.readImage(file, centreWidth);
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
                    segmentor.identity().label().replace("\\", "/"), w, h, prompt.x0(), prompt.y0(), prompt.x1(), prompt.y1(),
                    controls.deferralBudget(), controls.minRegionPixels(), routed.deferralMap().deferralRate()));
            for (int k = 0; k < workload.length; k++) {
                json.append(k == 0 ? "" : ", ").append(workload[k]);
            }
            String files = "\"mask.png\", \"deferral-map.png\", \"confidence.png\"";
            if (dicom != null) {
                writeSegmentation(dicom, mask, routed, segmentor.classes(), segmentor.identity().label());
                files += ", \"seg.dcm\"";
            }
            json.append("],\n  \"files\": [").append(files).append("]\n}\n");
            Files.writeString(out.resolve("result.json"), json.toString());
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "Segmented %dx%d slice: %.1f%% of pixels deferred %s; outputs in %s%n", w, h,
                    100 * routed.deferralMap().deferralRate(), java.util.Arrays.toString(workload), out);
        }
        return 0;
    }

    private static boolean isDicom(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".dcm") || name.endsWith(".dicom")) {
            return true;
        }
        // Files from a PACS often have no extension: recognise the Part 10 preamble's "DICM".
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        }
    }

    private static Volume readDicom(Path file) throws IOException {
        try {
            DicomFile dicom = DicomFile.read(file);
            int frames = PixelData.of(dicom).frames();
            if (frames != 1) {
                throw new IllegalArgumentException(file + " holds " + frames
                        + " frames; infer segments one slice (a single-frame image)");
            }
            return Volume.of(List.of(dicom));
        } catch (DicomParseException | UnsupportedTransferSyntaxException e) {
            throw new IllegalArgumentException(file + " is not a readable DICOM image: " + e.getMessage(), e);
        }
    }

    /** Modality values (HU for CT) windowed to [0, 1]: the given window, the file's own, else the value range. */
    private static ImageSlice windowed(Volume volume, double[] centreWidth) {
        float[] values = volume.voxels();
        double[] window = centreWidth;
        Dataset ds = volume.sources().get(0).dataset();
        if (window == null && ds.contains(WINDOW_CENTER) && ds.contains(WINDOW_WIDTH)) {
            window = new double[] {ds.doubleValue(WINDOW_CENTER, 0), ds.doubleValue(WINDOW_WIDTH, 1)};
        }
        if (window == null) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (float v : values) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            double width = Math.max(1, hi - lo);
            window = new double[] {lo + width / 2, width};
        }
        return ImageSlice.windowed(volume.columns(), volume.rows(), values, window[0], window[1]);
    }

    /** One segment per foreground class (the AI's decision) and one per expert (the pixels deferred to them). */
    private void writeSegmentation(Volume source, byte[] mask, RoutedImage routed, int classes, String model)
            throws IOException {
        int pixels = mask.length;
        Segmentation seg = Segmentation.of(source).algorithm("DeferredSeg", model)
                .seriesDescription("Consilium DeferredSeg (AI mask and deferral map)");
        for (int c = 1; c < classes; c++) {
            boolean[] decided = new boolean[pixels];
            for (int i = 0; i < pixels; i++) {
                decided[i] = mask[i] == c && routed.deferralMap().ownerAt(i % source.columns(), i / source.columns()) == 0;
            }
            seg.segment(classes == 2 ? "AI segmentation" : "AI segmentation, class " + c,
                    Segmentation.ANATOMICAL_STRUCTURE, Segmentation.ANATOMICAL_STRUCTURE,
                    Segmentation.AlgorithmType.AUTOMATIC, decided);
        }
        for (int k = 1; k <= routed.experts(); k++) {
            boolean[] deferred = new boolean[pixels];
            for (int i = 0; i < pixels; i++) {
                deferred[i] = routed.deferralMap().ownerAt(i % source.columns(), i / source.columns()) == k;
            }
            seg.segment("Deferred to expert " + k, DEFERRED_TO_EXPERT, DEFERRED_TO_EXPERT,
                    Segmentation.AlgorithmType.AUTOMATIC, deferred);
        }
        seg.build().write(out.resolve("seg.dcm"));
    }
}
