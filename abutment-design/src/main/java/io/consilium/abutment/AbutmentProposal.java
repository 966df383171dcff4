package io.consilium.abutment;

import java.util.List;
import java.util.Map;

/**
 * What Consilium proposes for a case: one abutment per implant with every parameter's value and confidence
 * interval, the gate weights of the expert regressors as explanation, every constraint correction that was
 * applied, and infeasibility flagged with the reason. Published as JSON Schema
 * {@code io/consilium/abutment/schema/abutment-proposal.schema.json}.
 */
public record AbutmentProposal(String caseId, String model, List<Abutment> abutments, List<PathOfInsertion> bridges,
        List<String> warnings) {

    /** A value with its central 95 % interval, in {@code unit} (mm or deg). */
    public record Estimate(double value, double low, double high, String unit) {
    }

    public record Abutment(int tooth, Map<String, Estimate> parameters, AngulationCorrection angulationCorrection,
            MaterialChoice material, List<ExpertWeight> experts, List<Adjustment> adjustments, boolean feasible,
            List<String> infeasibleReasons, Double minimumWallThicknessMm) {
    }

    /**
     * Correction of the abutment axis relative to the implant axis: size, and the azimuth it tilts towards
     * (0 = buccal, 90 = mesial). The azimuth interval may extend below 0 or above 360 (it wraps); when the
     * magnitude's interval includes 0 the direction is undetermined and the interval spans the full circle.
     */
    public record AngulationCorrection(Estimate magnitude, Estimate azimuth, String direction) {
    }

    /**
     * Proposed abutment material, the model's probability for every material, and the smallest set of
     * materials holding 95 % of the probability (the categorical counterpart of a 95 % interval), most
     * probable first; {@code requested} when the instructions named the material.
     */
    public record MaterialChoice(String value, double probability, Map<String, Double> probabilities,
            List<String> credibleSet, boolean requested) {
    }

    /** One expert regressor's share in this abutment's design (the learned gate) and what it specialised in. */
    public record ExpertWeight(int expert, String specialty, double weight) {
    }

    /** A correction made by projection onto the feasible set; never silent. */
    public record Adjustment(Constraint constraint, String parameter, String before, String after) {
    }

    /** The common path of insertion of a bridge's abutments (unit vector in the jaw frame). */
    public record PathOfInsertion(String bridge, List<Integer> teeth, List<Double> commonAxis,
            double maxDeviationDeg, double toleranceDeg) {
    }
}
