package io.consilium.abutment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The binary STL of each feasible abutment of a proposal, checked before it leaves: read back, welded and found
 * watertight, and its thinnest wall at least the material's minimum. A mesh that fails a check throws
 * {@link MeshCheckException} and no file of it is left, so a broken mesh never reaches the milling machine.
 */
public final class StlExport {

    /** One checked mesh. */
    public record CheckedStl(int tooth, byte[] stl, int triangles, double wallThicknessMm,
            double requiredWallThicknessMm, double volumeMm3) {
    }

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

    /** Writes {@code abutment-<tooth>.stl} per feasible abutment into the directory, each read back and compared. */
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
            CheckedStl checked = check(plan, proposal, a);
            Path file = directory.resolve("abutment-" + a.tooth() + ".stl");
            Files.write(file, checked.stl());
            if (!Arrays.equals(Files.readAllBytes(file), checked.stl())) {
                Files.deleteIfExists(file);
                throw new IOException("STL of abutment " + a.tooth() + " read back differently from " + file);
            }
            exported.add(new Exported(a.tooth(), file, checked.triangles(), true, checked.wallThicknessMm(),
                    checked.requiredWallThicknessMm(), checked.volumeMm3()));
        }
        return new Result(exported, skipped);
    }

    /**
     * The checked STL of one implant's abutment, built in memory.
     *
     * @throws IllegalArgumentException when the proposal has no feasible abutment on that tooth
     * @throws MeshCheckException       when its mesh fails the check
     */
    public static CheckedStl stl(AbutmentCase abutmentCase, AbutmentProposal proposal, int tooth) {
        AbutmentProposal.Abutment abutment = proposal.abutments().stream().filter(a -> a.tooth() == tooth)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("the proposal has no abutment on tooth "
                        + tooth));
        if (!abutment.feasible()) {
            throw new IllegalArgumentException("the abutment on tooth " + tooth + " is infeasible: "
                    + String.join("; ", abutment.infeasibleReasons()));
        }
        return check(CasePlan.of(abutmentCase), proposal, abutment);
    }

    private static CheckedStl check(CasePlan plan, AbutmentProposal proposal, AbutmentProposal.Abutment a) {
        SitePlan site = plan.sites().stream().filter(s -> s.tooth().number() == a.tooth()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("proposal tooth " + a.tooth()
                        + " is not in case " + plan.caseId()));
        Map<String, Double> values = a.parameters().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().value()));
        AbutmentMesh mesh = AbutmentMesh.of(site.platform().diameterMm(), values);
        byte[] stl = mesh.toStl(String.format(Locale.ROOT, "Consilium abutment %d %s %s", a.tooth(),
                a.material().value(), proposal.model()));
        double required = AbutmentMaterial.valueOf(a.material().value()).minimumWallThicknessMm();
        boolean watertight = AbutmentMesh.isWatertightStl(stl);
        double wall = mesh.minimumWallThickness();
        if (!watertight || wall < required) {
            throw new MeshCheckException(a.tooth(), String.format(Locale.ROOT, "mesh of abutment %d failed its "
                    + "check (watertight %s, thinnest wall %.3f mm, %s needs %.2f mm); no STL written", a.tooth(),
                    watertight, wall, a.material().value(), required));
        }
        return new CheckedStl(a.tooth(), stl, mesh.triangleCount(), wall, required, mesh.volume());
    }
}
