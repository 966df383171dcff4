package io.consilium.server.abutment;

import io.consilium.abutment.AbutmentCase;
import io.consilium.abutment.AbutmentDesigner;
import io.consilium.abutment.AbutmentJson;
import io.consilium.abutment.AbutmentProposal;
import io.consilium.abutment.AbutmentTraining;
import io.consilium.abutment.InvalidCaseException;
import io.consilium.abutment.StlExport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./consilium abutment propose CASE.json --out DIR}: proposal JSON and one checked STL per abutment. */
@Command(name = "propose", mixinStandardHelpOptions = true,
        description = "Propose an abutment for every implant of a case: writes DIR/proposal.json and "
                + "DIR/abutment-<tooth>.stl (watertight, wall thickness checked).")
class ProposeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CASE.json", description = "The case (schema: abutment-case.schema.json)")
    Path caseFile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory")
    Path out;

    @Option(names = "--no-stl", description = "Write the proposal only")
    boolean noStl;

    @Mixin
    ModelOption model;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outWriter = spec.commandLine().getOut();
        AbutmentCase abutmentCase;
        AbutmentProposal proposal;
        try (AbutmentDesigner designer = model.designer(AbutmentTraining.Variant.FULL)) {
            abutmentCase = AbutmentJson.readCase(caseFile);
            proposal = designer.propose(abutmentCase);
        } catch (InvalidCaseException e) {
            err.println("invalid case " + caseFile + ": " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        Files.createDirectories(out);
        Path json = out.resolve("proposal.json");
        Files.writeString(json, AbutmentJson.write(proposal));
        outWriter.printf(Locale.ROOT, "Proposal for case %s (%s): %s%n", proposal.caseId(), proposal.model(), json);
        for (AbutmentProposal.Abutment a : proposal.abutments()) {
            outWriter.printf(Locale.ROOT, "  %d  %-18s margin B/L/M/D %.2f/%.2f/%.2f/%.2f mm, height %.2f mm, "
                            + "correction %.1f deg %s, screw channel %.1f deg, %d correction(s)%s%n",
                    a.tooth(), a.material().value(), value(a, "marginHeightBuccal"), value(a, "marginHeightLingual"),
                    value(a, "marginHeightMesial"), value(a, "marginHeightDistal"), value(a, "totalHeight"),
                    a.angulationCorrection().magnitude().value(), a.angulationCorrection().direction(),
                    value(a, "screwChannelAngle"), a.adjustments().size(),
                    a.feasible() ? "" : "  INFEASIBLE: " + String.join("; ", a.infeasibleReasons()));
            outWriter.println("      experts: " + a.experts().stream()
                    .map(x -> String.format(Locale.ROOT, "%.2f %s", x.weight(), x.specialty()))
                    .collect(java.util.stream.Collectors.joining(" | ")));
        }
        for (AbutmentProposal.PathOfInsertion b : proposal.bridges()) {
            outWriter.printf(Locale.ROOT, "  bridge %s %s: common path of insertion within %.1f deg (tolerance "
                    + "%.1f deg)%n", b.bridge(), b.teeth(), b.maxDeviationDeg(), b.toleranceDeg());
        }
        for (String w : proposal.warnings()) {
            err.println("warning: " + w);
        }
        if (!noStl) {
            StlExport.Result result = StlExport.write(abutmentCase, proposal, out);
            for (StlExport.Exported e : result.exported()) {
                outWriter.printf(Locale.ROOT, "  %s: %d triangles, watertight, thinnest wall %.2f mm (>= %.2f), "
                        + "%.0f mm3%n", e.file(), e.triangles(), e.wallThicknessMm(), e.requiredWallThicknessMm(),
                        e.volumeMm3());
            }
            for (StlExport.Skipped s : result.skipped()) {
                err.println("warning: no STL for tooth " + s.tooth() + ": " + s.reason());
            }
        }
        return proposal.abutments().stream().allMatch(AbutmentProposal.Abutment::feasible) ? 0 : 3;
    }

    private static double value(AbutmentProposal.Abutment a, String key) {
        return a.parameters().get(key).value();
    }
}
