package io.consilium.server.seg;

import io.consilium.seg.DeferredSegmentor;
import io.consilium.seg.Evaluation;
import io.consilium.seg.EvaluationReport;
import io.consilium.seg.InferenceControls;
import io.consilium.seg.MedSamBackbone;
import io.consilium.seg.RealReaderData;
import io.consilium.seg.RealReaderProtocol;
import io.consilium.seg.SegmentationDataset;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Evaluates a model: AI-only and system Dice with bootstrap intervals, the same-count baselines, the expert alone,
 * workload, ECE, coverage–Dice curve; on real readers under the real-reader protocol, per fold for STARE.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate DeferredSeg on a dataset (default: the held-out synthetic set); table, JSON and PNG.")
class SegEvalCommand extends SegSubcommand {

    @Option(names = "--data", description = "lidc-idri-slices or stare folder (real-reader protocol), or a dataset "
            + "directory; default: held-out synthetic phantoms")
    Path data;

    @Option(names = "--split", defaultValue = "test", description = "On real readers: train, validation, test "
            + "(default) or all (for patients the model never saw, e.g. a held-back set)")
    String split;

    @Option(names = "--simulated-experts", description = "On real readers: three simulated experts derived from the "
            + "readers' majority (for a K = 3 model trained with the same option)")
    boolean simulatedExperts;

    @Option(names = "--model", description = "Bundled model (lung-nodule, phantom) or model directory; default: "
            + "consilium.seg.model, else phantom")
    String model;

    @Option(names = "--budget", description = "Largest share of deferred pixels, 0..1")
    Double budget;

    @Option(names = "--absent-expert", description = "Expert (1-based) not available; repeatable")
    List<Integer> absent;

    @Option(names = "--min-region", description = "Smallest deferred region in pixels")
    Integer minRegion;

    @Option(names = "--cases", defaultValue = "100", description = "Synthetic held-out cases (default 100)")
    int cases;

    @Option(names = "--size", defaultValue = "96", description = "Side of synthetic slices (default 96)")
    int size;

    @Option(names = "--json", description = "Write the report as JSON here")
    Path json;

    @Option(names = "--plot", description = "Write the coverage-Dice curve as PNG here (default: next to --json)")
    Path plot;

    @Mixin
    MedSamOptions medsam;

    private final SegModels models;

    SegEvalCommand(SegModels models) {
        this.models = models;
    }

    @Override
    int execute() throws Exception {
        RealReaderProtocol.Split chosenSplit = split(split);
        try (MedSamBackbone backbone = medsam.open();
                DeferredSegmentor segmentor = models.open(model, backbone)) {
            InferenceControls controls = models.controls(budget, absent, minRegion);
            String label = segmentor.identity().label();
            List<EvaluationReport> reports = new ArrayList<>();
            if (SegData.isRealReaders(data)) {
                RealReaderData readers = RealReaderData.read(data);
                for (RealReaderProtocol.ReaderSet set : RealReaderProtocol.evaluationSets(readers, chosenSplit,
                        simulatedExperts ? RealReaderProtocol.Experts.SIMULATED : RealReaderProtocol.Experts.READERS)) {
                    reports.add(Evaluation.evaluate(segmentor, set, controls, SegData.HELD_OUT_SEED, label));
                }
            } else {
                SegmentationDataset dataset = SegData.load(data, SegData.HELD_OUT_SEED, cases, size,
                        segmentor.experts());
                reports.add(Evaluation.evaluate(segmentor, dataset, controls, SegData.HELD_OUT_SEED, label));
            }
            PrintWriter out = spec.commandLine().getOut();
            reports.forEach(report -> out.print(report.toTable()));
            if (json != null) {
                Path parent = json.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Files.writeString(json, EvaluationReport.toJson(reports));
                out.println("JSON: " + json);
            }
            Path png = plot != null ? plot : json != null ? json.resolveSibling(stem(json) + "-coverage-dice.png")
                    : null;
            if (png != null) {
                for (int i = 0; i < reports.size(); i++) {
                    Path file = reports.size() == 1 ? png : png.resolveSibling(stem(png) + "-fold-" + (i + 1) + ".png");
                    reports.get(i).writePlot(file);
                    out.println("Coverage-Dice plot: " + file);
                }
            }
        }
        return 0;
    }

    private static RealReaderProtocol.Split split(String name) {
        try {
            return RealReaderProtocol.Split.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--split must be train, validation, test or all, got '" + name + "'");
        }
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
