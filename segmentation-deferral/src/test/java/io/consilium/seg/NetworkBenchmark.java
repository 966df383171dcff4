package io.consilium.seg;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The promptable network of {@code lung-nodule} against the compact network of {@code phantom}, in the same run on
 * one PyTorch thread (not a test; run with {@code -Pbench}): scores per 128x128 LIDC crop and per 256x256 and
 * 512x512 slice, median and p95, interleaved so that load from elsewhere hits both alike.
 */
public final class NetworkBenchmark {

    private static final int RUNS = 60;

    public static void main(String[] args) throws Exception {
        RealReaderData lidc = RealReaderData.read(SharedData.dir("lidc-idri-slices"));
        RealReaderData.AnnotatedImage nodule = lidc.images().get(0);
        BoxPrompt noduleBox = RealReaderProtocol.evaluationBox(nodule.masks().get(0), nodule.image());
        SegmentationCase s256 = SyntheticPhantoms.generate(99, 1, 256, 3).cases().get(0);
        SegmentationCase s512 = SyntheticPhantoms.generate(99, 1, 512, 3).cases().get(0);
        try (DeferredSegmentor promptable = DeferredSegmentor.bundled(ModelCatalog.LUNG_NODULE);
                DeferredSegmentor compact = DeferredSegmentor.bundled(ModelCatalog.PHANTOM)) {
            List<DeferredSegmentor> models = List.of(promptable, compact);
            System.out.println("| input | network | weights | median ms | p95 ms |");
            System.out.println("|---|---|---|---|---|");
            measure("128x128 LIDC crop", models, nodule.image(), noduleBox);
            measure("256x256 slice", models, s256.image(), s256.box());
            measure("512x512 slice", models, s512.image(), s512.box());
        }
    }

    private static void measure(String input, List<DeferredSegmentor> models, ImageSlice image, BoxPrompt box) {
        double[][] times = new double[models.size()][RUNS];
        for (int i = -10; i < RUNS; i++) {
            for (int m = 0; m < models.size(); m++) {
                long t = System.nanoTime();
                models.get(m).scores(image, box);
                if (i >= 0) {
                    times[m][i] = (System.nanoTime() - t) / 1e6;
                }
            }
        }
        for (int m = 0; m < models.size(); m++) {
            Arrays.sort(times[m]);
            DeferredSegmentor model = models.get(m);
            System.out.printf(Locale.ROOT, "| %s | %s (%s) | %s | %.1f | %.1f |%n", input, model.identity().name(),
                    model.cardValue("format"), model.parameterValues().values().stream().mapToInt(v -> v.length).sum(),
                    times[m][RUNS / 2], times[m][(int) (RUNS * 0.95) - 1]);
        }
    }
}
