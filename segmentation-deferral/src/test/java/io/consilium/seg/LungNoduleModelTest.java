package io.consilium.seg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The bundled {@code lung-nodule} model on a fixed subset of the project's own LIDC test patients (the first half
 * of them by patient id) agrees with the figure the README reports for the whole test split.
 */
class LungNoduleModelTest {

    /** The README's {@code ai_only_dice} of {@code lung-nodule} on the LIDC test split. */
    private static final double README_AI_ONLY_DICE = 0.865;

    @Test
    void aiOnlyDiceOnTestPatientsMatchesTheReadme() throws IOException {
        RealReaderData all = RealReaderData.read(SharedData.dir("lidc-idri-slices"));
        TreeSet<String> testPatients = new TreeSet<>();
        for (RealReaderData.AnnotatedImage image : all.images()) {
            if (RealReaderProtocol.splitOf(all, image) == RealReaderProtocol.Split.TEST) {
                testPatients.add(image.subject());
            }
        }
        List<String> firstHalf = testPatients.stream().limit(testPatients.size() / 2).toList();
        RealReaderData subset = new RealReaderData(all.name(), all.layout(), all.images().stream()
                .filter(image -> firstHalf.contains(image.subject())).toList());
        RealReaderProtocol.ReaderSet set = RealReaderProtocol.evaluationSets(subset, RealReaderProtocol.Split.TEST,
                RealReaderProtocol.Experts.READERS).get(0);

        try (DeferredSegmentor model = DeferredSegmentor.bundled(ModelCatalog.LUNG_NODULE)) {
            EvaluationReport report = Evaluation.evaluate(model, set, new InferenceControls(1.0, java.util.Set.of(), 16),
                    20261127L, model.identity().label());

            assertThat(model.identity().card()).containsEntry("format", "deferredseg-3")
                    .containsEntry("training.data", "lidc-idri-slices");
            assertThat(report.pairs()).isGreaterThan(150);
            assertThat(report.aiOnlyDice()).isCloseTo(README_AI_ONLY_DICE, within(0.03));
        }
    }
}
