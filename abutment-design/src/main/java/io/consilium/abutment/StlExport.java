package io.consilium.abutment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes one binary STL per feasible abutment of a proposal and checks each file: read back, welded and found
 * watertight, and its thinnest wall at least the material's minimum. A file that fails a check is deleted and the
 * export fails, so a broken mesh never reaches the milling machine.
 */
public final class StlExport {

    /** One written mesh with what was checked. */
    public record Exported(int tooth, Path file, int triangles, boolean watertight, double wallThicknessMm,
            double requiredWallThicknessMm, double volumeMm3) {
    }

    /** An abutment with no STL, and why. */
    public record Skipped(int tooth, String reason) {
    }

    public record Result(List<Exported> exported, List<Skipped> skipped) {
    }

    private StlExport() {
    }

    public static Result write(AbutmentCase abutmentCase, AbutmentProposal proposal, Path directory)
            throws IOException {
        CasePlan plan = CasePlan.of(abutmentCase);
        Files.createDirectories(directory);
        List<Exported> exported = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (AbutmentProposal.Abutment a : proposal.abutments()) {
            if (!a.feasible()) {
                skipped.add(new Skipped(a.tooth(), "infeasible: " + String.join("; ", a.infeasibleReasons())));
                continue;
            }
            SitePlan site = plan.sites().stream().filter(s -> s.tooth().number() == a.tooth()).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("proposal tooth " + a.tooth()
                            + " is not in case " + plan.caseId()));
            Map<String, Double> values = a.parameters().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().value()));
            AbutmentMesh mesh = AbutmentMesh.of(site.platform().diameterMm(), values);
            Path file = directory.resolve("abutment-" + a.tooth() + ".stl");
            byte[] stl = mesh.toStl(String.format(Locale.ROOT, "Consilium abutment %d %s %s", a.tooth(),
                    a.material().value(), proposal.model()));
            Files.write(file, stl);
            double required = AbutmentMaterial.valueOf(a.material().value()).minimumWallThicknessMm();
            boolean watertight = AbutmentMesh.isWatertightStl(Files.readAllBytes(file));
            double wall = mesh.minimumWallThickness();
            if (!watertight || wall < required) {
                Files.deleteIfExists(file);
                throw new IllegalStateException(String.format(Locale.ROOT, "mesh of abutment %d failed its check "
                        + "(watertight %s, thinnest wall %.3f mm, %s needs %.2f mm); no STL written", a.tooth(),
                        watertight, wall, a.material().value(), required));
            }
            exported.add(new Exported(a.tooth(), file, mesh.triangleCount(), true, wall, required, mesh.volume()));
        }
        return new Result(exported, skipped);
    }
}
