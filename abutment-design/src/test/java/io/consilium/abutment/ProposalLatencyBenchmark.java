package io.consilium.abutment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Benchmark, not a test ({@code ./mvnw -B -ntp verify -pl abutment-design -am -Pbench -DskipTests}): latency of a
 * proposal for a 1-implant and a 6-implant case (median, p95), against the network forward pass alone measured in
 * the same run, and STL export time per abutment against the bare mesh construction.
 */
public final class ProposalLatencyBenchmark {

    private static final int WARMUP = 300;
    private static final int RUNS = 1000;

    private ProposalLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        AbutmentCase single = AbutmentJson.readCase(Files.readString(Path.of("examples", "single-11.json")));
        AbutmentCase six = SyntheticCases.generate(99, 400).stream().map(SyntheticCases.LabelledCase::abutmentCase)
                .filter(c -> c.sites().size() == 6).findFirst().orElseThrow();
        try (AbutmentDesigner designer = AbutmentDesigner.bundled()) {
            System.out.printf(Locale.ROOT, "model %s, %s, %d cores%n", designer.modelVersion(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors());
            for (int round = 1; round <= 2; round++) {
                System.out.println("round " + round);
                proposal("1 implant ", designer, single);
                proposal("6 implants", designer, six);
                mesh(designer, six);
            }
        }
    }

    private static void proposal(String label, AbutmentDesigner designer, AbutmentCase c) {
        CasePlan plan = CasePlan.of(c);
        for (int i = 0; i < WARMUP; i++) {
            designer.propose(c);
            designer.model().predict(plan, null);
        }
        double[] propose = new double[RUNS];
        double[] forward = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            designer.propose(c);
            long t1 = System.nanoTime();
            designer.model().predict(plan, null);
            long t2 = System.nanoTime();
            propose[i] = (t1 - t0) / 1e6;
            forward[i] = (t2 - t1) / 1e6;
        }
        System.out.printf(Locale.ROOT, "  propose %s: median %.2f ms, p95 %.2f ms | peer network forward: median "
                + "%.2f ms, p95 %.2f ms | ratio propose/forward (median) %.1fx%n", label, pct(propose, 50),
                pct(propose, 95), pct(forward, 50), pct(forward, 95), pct(propose, 50) / pct(forward, 50));
    }

    private static void mesh(AbutmentDesigner designer, AbutmentCase c) {
        AbutmentProposal proposal = designer.propose(c);
        CasePlan plan = CasePlan.of(c);
        int n = 0;
        double[] build = new double[RUNS / 10 * proposal.abutments().size()];
        double[] export = new double[build.length];
        for (int r = 0; r < RUNS / 10; r++) {
            for (int i = 0; i < proposal.abutments().size(); i++) {
                AbutmentProposal.Abutment a = proposal.abutments().get(i);
                Map<String, Double> values = a.parameters().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().value()));
                double platform = plan.sites().get(i).platform().diameterMm();
                long t0 = System.nanoTime();
                AbutmentMesh mesh = AbutmentMesh.of(platform, values);
                long t1 = System.nanoTime();
                byte[] stl = mesh.toStl("bench");
                boolean ok = AbutmentMesh.isWatertightStl(stl) && mesh.minimumWallThickness() > 0;
                long t2 = System.nanoTime();
                if (!ok) {
                    throw new IllegalStateException("mesh check failed");
                }
                build[n] = (t1 - t0) / 1e6;
                export[n] = (t2 - t0) / 1e6;
                n++;
            }
        }
        System.out.printf(Locale.ROOT, "  STL export per abutment (build + binary STL + watertight and wall checks): "
                + "median %.2f ms, p95 %.2f ms | peer mesh build only: median %.3f ms | ratio %.0fx%n",
                pct(export, 50), pct(export, 95), pct(build, 50), pct(export, 50) / pct(build, 50));
    }

    private static double pct(double[] values, int percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }
}
