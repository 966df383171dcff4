package io.consilium.server.abutment;

import io.consilium.abutment.AbutmentDesigner;
import io.consilium.abutment.AbutmentEvaluation;
import io.consilium.abutment.AbutmentJson;
import io.consilium.abutment.AbutmentTraining.Variant;
import io.consilium.abutment.ExpertSpecialisation;
import io.consilium.abutment.SyntheticCases;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./consilium abutment eval [--data DIR] --json OUT.json}: the evaluation report with ablations. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate the designer against reference designs: MAE per parameter, share within tolerance "
                + "(0.2 mm / 2 deg), constraint violations before/after projection, ablations (no text, single "
                + "expert).")
class EvalCommand implements Callable<Integer> {

    /** Held-out cases: a seed the bundled weights never trained on. */
    static final long HELD_OUT_SEED = 20260;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Directory of labelled cases (*.json, as written by 'abutment generate'); default: "
                    + "synthetic held-out cases")
    Path data;

    @Option(names = "--json", required = true, paramLabel = "OUT.json", description = "Where to write the report")
    Path json;

    @Option(names = "--cases", defaultValue = "400", description = "Synthetic held-out cases (default ${DEFAULT-VALUE})")
    int cases;

    @Option(names = "--seed", defaultValue = "" + HELD_OUT_SEED, description = "Seed of the held-out cases")
    long seed;

    @Mixin
    ModelOption model;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        List<SyntheticCases.LabelledCase> labelled;
        if (data != null) {
            if (!Files.isDirectory(data)) {
                err.println("--data " + data + " is not a directory");
                return 2;
            }
            try (Stream<Path> files = Files.list(data)) {
                labelled = files.filter(f -> f.toString().endsWith(".json")).sorted()
                        .map(AbutmentJson::readLabelled).toList();
            }
            if (labelled.isEmpty()) {
                err.println("--data " + data + " holds no *.json labelled cases");
                return 2;
            }
        } else {
            labelled = SyntheticCases.generate(seed, cases);
        }
        err.printf(Locale.ROOT, "evaluating on %d cases (full model and both ablations)...%n", labelled.size());
        AbutmentEvaluation.Report report;
        try (AbutmentDesigner full = model.designer(Variant.FULL);
                AbutmentDesigner noText = model.designer(Variant.NO_TEXT);
                AbutmentDesigner single = model.designer(Variant.SINGLE_EXPERT)) {
            report = AbutmentEvaluation.evaluate(labelled, full, noText, single);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }
        Files.writeString(json, AbutmentJson.write(report));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%d cases, %d sites, model %s%n", report.cases(), report.sites(), report.model());
        out.printf(Locale.ROOT, "%-28s %10s %10s %14s %8s%n", "parameter", "MAE", "no text", "single expert",
                "within");
        report.mae().forEach((k, v) -> out.printf(Locale.ROOT, "%-28s %10.3f %10.3f %14.3f %7.0f%%%n", k, v,
                report.ablationNoTextMae().get(k), report.ablationSingleExpertMae().get(k),
                100 * report.withinToleranceByParameter().get(k)));
        out.printf(Locale.ROOT, "within tolerance: %.1f%% (no text %.1f%%, single expert %.1f%%)%n",
                100 * report.withinTolerance(), 100 * report.ablationNoTextWithinTolerance(),
                100 * report.ablationSingleExpertWithinTolerance());
        out.printf(Locale.ROOT, "constraint violations: %d before projection, %d after (%d sites flagged "
                + "infeasible)%n", report.violationsBefore(), report.violationsAfter(), report.infeasibleSitesFlagged());
        out.printf(Locale.ROOT, "95%% interval coverage %.1f%%, material accuracy %.1f%%%n",
                100 * report.intervalCoverage(), 100 * report.materialAccuracy());
        ExpertSpecialisation specialisation = report.expertSpecialisation();
        out.printf(Locale.ROOT, "expert specialisation: %.2f of %.2f bits of style information in the top expert "
                + "(%.0f%%);", specialisation.mutualInformationBits(), specialisation.styleEntropyBits(),
                100 * specialisation.normalisedMutualInformation());
        specialisation.dominantExpertByStyle().forEach((style, expert) -> out.printf(Locale.ROOT,
                " %s: expert %d (mean gate weight %.2f)", style.toLowerCase(Locale.ROOT), expert.expert(),
                expert.meanGateWeight()));
        out.println();
        out.println("report: " + json);
        return report.violationsAfter() == 0 ? 0 : 1;
    }
}
