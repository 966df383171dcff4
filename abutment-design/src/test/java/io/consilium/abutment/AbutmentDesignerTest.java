package io.consilium.abutment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.consilium.abutment.AbutmentProposal.Abutment;
import io.consilium.abutment.AbutmentProposal.Estimate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled weights, end to end: case in, explained and constrained proposal out. */
class AbutmentDesignerTest {

    private static AbutmentDesigner designer;

    @BeforeAll
    static void load() {
        designer = AbutmentDesigner.bundled();
    }

    @AfterAll
    static void close() {
        designer.close();
    }

    @Test
    void proposesEveryImplantOfTheBridgeWithIntervalsAndExplanation() {
        AbutmentProposal proposal = designer.propose(Cases.bridge());

        assertThat(proposal.model()).startsWith("abutment-moe/full (seed 42)");
        assertThat(proposal.abutments()).extracting(Abutment::tooth).containsExactly(35, 36, 37);
        for (Abutment a : proposal.abutments()) {
            assertThat(a.parameters()).hasSize(DesignParameter.COUNT);
            for (Estimate e : a.parameters().values()) {
                assertThat(e.low()).isLessThanOrEqualTo(e.value());
                assertThat(e.high()).isGreaterThanOrEqualTo(e.value());
            }
            assertThat(a.experts()).hasSize(3);
            assertThat(a.experts().stream().mapToDouble(AbutmentProposal.ExpertWeight::weight).sum())
                    .isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
            assertThat(a.experts()).allMatch(x -> x.specialty().contains("style"));
            // "screw-retained zirconia" in the instructions.
            assertThat(a.material().value()).isEqualTo("ZIRCONIA");
            assertThat(a.material().requested()).isTrue();
            assertThat(a.feasible()).isTrue();
            assertThat(a.minimumWallThicknessMm()).isGreaterThanOrEqualTo(AbutmentMaterial.ZIRCONIA.minimumWallThicknessMm());
            // "margin 0.5 mm subgingival": the buccal margin sits about 0.5 mm below the crest.
            double crest = Cases.bridge().sites().get(proposal.abutments().indexOf(a)).softTissue().heightMm();
            assertThat(crest - a.parameters().get("marginHeightBuccal").value()).isBetween(0.2, 0.8);
        }
        assertThat(proposal.bridges()).singleElement().satisfies(b -> {
            assertThat(b.teeth()).containsExactly(35, 36, 37);
            assertThat(b.maxDeviationDeg()).isLessThanOrEqualTo(b.toleranceDeg());
        });
        // "correct the angulation of 36": 36 leans ~14 deg buccally and is corrected towards lingual.
        Abutment a36 = proposal.abutments().get(1);
        assertThat(a36.angulationCorrection().magnitude().value()).isGreaterThan(8);
        assertThat(a36.angulationCorrection().direction()).startsWith("lingual");
        // Lingual is 180 degrees; its interval holds the value and is narrower than a half circle.
        Estimate azimuth = a36.angulationCorrection().azimuth();
        assertThat(azimuth.value()).isBetween(120.0, 240.0);
        assertThat(azimuth.low()).isLessThanOrEqualTo(azimuth.value());
        assertThat(azimuth.high() - azimuth.low()).isGreaterThan(0).isLessThan(180);
        assertThat(a36.material().probabilities().values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(a36.material().credibleSet()).isNotEmpty();
    }

    @Test
    void anAzimuthIsUndeterminedWhenTheTiltsIntervalReachesZero() {
        Estimate clear = AbutmentDesigner.azimuth(0, -10, 10, 2);
        assertThat(clear.value()).isEqualTo(180.0);
        assertThat(clear.low()).isCloseTo(168.5, org.assertj.core.data.Offset.offset(0.1));
        assertThat(clear.high()).isCloseTo(191.5, org.assertj.core.data.Offset.offset(0.1));

        Estimate undetermined = AbutmentDesigner.azimuth(1, 0, 1, 3);
        assertThat(undetermined.high() - undetermined.low()).isEqualTo(360.0);
    }

    @Test
    void theMaterialsCredibleSetHoldsNinetyFivePercentMostProbableFirst() {
        var choice = AbutmentDesigner.material(AbutmentMaterial.ZIRCONIA, new double[] {0.30, 0.60, 0.08, 0.02}, true);

        assertThat(choice.value()).isEqualTo("ZIRCONIA");
        assertThat(choice.probability()).isEqualTo(0.6);
        assertThat(choice.credibleSet()).containsExactly("ZIRCONIA", "TITANIUM", "LITHIUM_DISILICATE");
        assertThat(AbutmentDesigner.material(AbutmentMaterial.TITANIUM, new double[] {0.97, 0.01, 0.01, 0.01}, false)
                .credibleSet()).containsExactly("TITANIUM");
    }

    @Test
    void theInstructionsChangeTheProposal() {
        double deeper = designer.propose(Cases.bridgeWith("deeper margin")).abutments().get(2)
                .parameters().get("marginHeightBuccal").value();
        double shallow = designer.propose(Cases.bridgeWith("shallow margin")).abutments().get(2)
                .parameters().get("marginHeightBuccal").value();
        assertThat(shallow - deeper).isGreaterThan(0.5);

        double angled = designer.propose(Cases.bridgeWith("angled screw channel")).abutments().get(1)
                .parameters().get("screwChannelAngle").value();
        double straight = designer.propose(Cases.bridgeWith("keep it conservative")).abutments().get(1)
                .parameters().get("screwChannelAngle").value();
        assertThat(angled - straight).isGreaterThan(5);
    }

    @Test
    void unknownWordsAndEmptyTextAreReportedNotHidden() {
        assertThat(designer.propose(Cases.bridgeWith("flibbertigibbet margin")).warnings())
                .anyMatch(w -> w.contains("does not know") && w.contains("flibbertigibbet"));
        assertThat(designer.propose(Cases.bridgeWith("")).warnings())
                .anyMatch(w -> w.startsWith("no clinical instructions given"));
    }

    @Test
    void theProposalJsonFollowsThePublishedSchema() throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(AbutmentJson.schema(AbutmentJson.PROPOSAL_SCHEMA));
        for (AbutmentCase c : java.util.List.of(Cases.bridge(), Cases.bridgeWith("deeper margin"))) {
            JsonNode proposal = new ObjectMapper().readTree(AbutmentJson.write(designer.propose(c)));
            assertThat(schema.validate(proposal)).isEmpty();
        }
    }

    @Test
    void theCaseSchemaDescribesEveryFieldTheReaderAccepts() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(AbutmentJson.schema(AbutmentJson.CASE_SCHEMA));
        assertThat(names(schema.get("properties"))).containsExactlyInAnyOrder(components(AbutmentCase.class));
        JsonNode defs = schema.get("$defs");
        assertThat(names(defs.get("site").get("properties"))).containsExactlyInAnyOrder(components(AbutmentCase.Site.class));
        assertThat(names(defs.get("implant").get("properties")))
                .containsExactlyInAnyOrder(components(AbutmentCase.Implant.class));
        assertThat(names(defs.get("softTissue").get("properties")))
                .containsExactlyInAnyOrder(components(AbutmentCase.SoftTissue.class));
        assertThat(names(defs.get("neighbourHeights").get("properties")))
                .containsExactlyInAnyOrder(components(AbutmentCase.NeighbourHeights.class));
    }

    @Test
    void impossibleCasesAreRefusedBeforeTheModelRuns() {
        assertThatThrownBy(() -> designer.propose(new AbutmentCase("x", "monolithic zirconia", "", java.util.List.of())))
                .isInstanceOf(InvalidCaseException.class).hasMessageContaining("at least one implant site");
    }

    private static java.util.List<String> names(JsonNode object) {
        java.util.List<String> out = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String[] components(Class<?> record) {
        return java.util.Arrays.stream(record.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName)
                .toArray(String[]::new);
    }
}
