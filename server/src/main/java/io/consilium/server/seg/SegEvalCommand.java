package io.consilium.server.seg;

import io.consilium.seg.DeferredSegmentor;
import io.consilium.seg.Evaluation;
import io.consilium.seg.EvaluationReport;
import io.consilium.seg.SegmentationDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.consilium.seg.MedSamBackbone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Evaluates a model: AI-only and system Dice, random-expert baseline, workload, ECE, coverage–Dice curve. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate DeferredSeg on a dataset (default: the held-out synthetic set); table, JSON and PNG.")
class SegEvalCommand extends SegSubcommand {

    @Option(names = "--data", description = "Dataset directory; default: held-out synthetic phantoms")
    Path data;

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
        try (MedSamBackbone backbone = medsam.open();
                DeferredSegmentor segmentor = models.open(model, backbone)) {
            SegmentationDataset dataset = SegData.load(data, SegData.HELD_OUT_SEED, cases, size, segmentor.experts());
            EvaluationReport report = Evaluation.evaluate(segmentor, dataset, models.controls(budget, absent, minRegion),
                    SegData.HELD_OUT_SEED, segmentor.identity().label());
            spec.commandLine().getOut().print(report.toTable());
            if (json != null) {
                Path parent = json.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Files.writeString(json, report.toJson());
                spec.commandLine().getOut().println("JSON: " + json);
            }
            Path png = plot != null ? plot : json != null ? json.resolveSibling(stem(json) + "-coverage-dice.png")
                    : null;
            if (png != null) {
                report.writePlot(png);
                spec.commandLine().getOut().println("Coverage-Dice plot: " + png);
            }
        }
        return 0;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
