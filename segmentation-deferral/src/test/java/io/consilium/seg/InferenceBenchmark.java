package io.consilium.seg;

import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Inference cost of the bundled DeferredSeg model on CPU (not a test; run with {@code -Pbench}): latency per
 * 256x256 and 512x512 slice (median, p95), throughput over a 100-slice volume, and resident memory per
 * concurrent request. The peer in the same run is the network's forward pass alone on the 256x256 slice
 * (DJL, PyTorch), so the figures also read as ratios: what routing, controls and the Java side add. The 256x256
 * figures are measured interleaved after a warm-up, so that neither JIT compilation nor a burst of load from
 * elsewhere lands on one of them alone.
 */
public final class InferenceBenchmark {

    public static void main(String[] args) throws Exception {
        InferenceControls controls = new InferenceControls(0.1, Set.of(), 16);
        try (DeferredSegmentor model = DeferredSegmentor.bundled(ModelCatalog.PHANTOM)) {
            SegmentationCase c256 = SyntheticPhantoms.generate(99, 1, 256, 3).cases().get(0);
            SegmentationCase c512 = SyntheticPhantoms.generate(99, 1, 512, 3).cases().get(0);
            // Warm-up (JIT, allocator, PyTorch's first-call set-up) before anything is timed.
            for (int i = 0; i < 50; i++) {
                model.scores(c256.image(), c256.box());
                model.segment(c256.image(), c256.box(), InferenceControls.UNCONSTRAINED);
                model.segment(c256.image(), c256.box(), controls);
            }
            // Interleaved, so that load from elsewhere on the machine hits the peer and the others alike.
            int runs = 100;
            double[] peer = new double[runs];
            double[] plain = new double[runs];
            double[] s256 = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                model.scores(c256.image(), c256.box());
                peer[i] = (System.nanoTime() - t) / 1e6;
                plain[i] = latency(model, c256, InferenceControls.UNCONSTRAINED);
                s256[i] = latency(model, c256, controls);
            }
            Arrays.sort(peer);
            Arrays.sort(plain);
            Arrays.sort(s256);
            for (int i = 0; i < 5; i++) {
                model.segment(c512.image(), c512.box(), controls);
            }
            double[] s512 = new double[30];
            for (int i = 0; i < s512.length; i++) {
                s512[i] = latency(model, c512, controls);
            }
            Arrays.sort(s512);

            // The thread setting: one intra-op thread (the default here) against PyTorch's own default of one per
            // core, interleaved.
            double[] oneThread = new double[40];
            double[] twoThreads = new double[40];
            for (int i = -5; i < oneThread.length; i++) {
                JniUtils.setNumThreads(2);
                long t = System.nanoTime();
                model.scores(c256.image(), c256.box());
                long t2 = System.nanoTime();
                JniUtils.setNumThreads(1);
                model.scores(c256.image(), c256.box());
                long t3 = System.nanoTime();
                if (i >= 0) {
                    twoThreads[i] = (t2 - t) / 1e6;
                    oneThread[i] = (t3 - t2) / 1e6;
                }
            }
            Arrays.sort(oneThread);
            Arrays.sort(twoThreads);
            JniUtils.setNumThreads(Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads")));

            List<SegmentationCase> volume = SyntheticPhantoms.generate(7, 100, 256, 3).cases();
            long start = System.nanoTime();
            for (SegmentationCase slice : volume) {
                model.segment(slice.image(), slice.box(), controls);
            }
            double volumeSeconds = (System.nanoTime() - start) / 1e9;

            int concurrent = 4;
            long baseRss = rssKb();
            AtomicLong peakRss = new AtomicLong(baseRss);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peakRss.accumulateAndGet(rssKb(), Math::max);
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            ExecutorService pool = Executors.newFixedThreadPool(concurrent);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < concurrent; t++) {
                running.add(pool.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        model.segment(c512.image(), c512.box(), controls);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            pool.shutdown();
            sampler.interrupt();
            sampler.join();

            System.out.printf(Locale.ROOT, "cores available: %d, PyTorch intra-op threads: %s, load average: %s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("ai.djl.pytorch.num_threads"),
                    Files.readString(Path.of("/proc/loadavg")).trim());
            print("256x256 forward only (peer)", peer, median(peer));
            print("256x256 argmax routing", plain, median(peer));
            print("256x256 with controls", s256, median(peer));
            print("512x512 with controls", s512, median(peer));
            print("256x256 forward, 1 thread", oneThread, median(oneThread));
            print("256x256 forward, 2 threads", twoThreads, median(oneThread));
            System.out.printf(Locale.ROOT, "100-slice 256x256 volume: %.2f s, %.1f slices/s%n", volumeSeconds,
                    100 / volumeSeconds);
            System.out.printf(Locale.ROOT, "resident memory: base %d MiB, peak with %d concurrent 512x512 requests "
                    + "+%d MiB (%.1f MiB per request)%n", baseRss / 1024, concurrent, (peakRss.get() - baseRss) / 1024,
                    (peakRss.get() - baseRss) / 1024.0 / concurrent);
        }
    }

    private static double latency(DeferredSegmentor model, SegmentationCase slice, InferenceControls controls) {
        long t = System.nanoTime();
        model.segment(slice.image(), slice.box(), controls);
        return (System.nanoTime() - t) / 1e6;
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static void print(String what, double[] sorted, double peerMedian) {
        double p95 = sorted[(int) Math.ceil(sorted.length * 0.95) - 1];
        System.out.printf(Locale.ROOT, "%-28s median %7.2f ms  p95 %7.2f ms  (x%.2f of the peer median)%n", what,
                median(sorted), p95, median(sorted) / peerMedian);
    }

    private static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return 0;
    }
}
