package io.consilium.seg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short training run of the promptable network on real LIDC pairs, as {@code seg train --data} does it. */
class RealReaderTrainingTest {

    @TempDir
    Path dir;

    @Test
    void promptableNetworkTrainsOnJitteredCropsOfRealNodules() throws Exception {
        RealReaderData lidc = RealReaderData.read(SharedData.dir("lidc-idri-slices"));
        SegmentationDataset pairs = RealReaderProtocol.trainingSet(lidc, RealReaderProtocol.Split.TRAIN,
                RealReaderProtocol.Experts.READERS);
        SegmentationDataset few = new SegmentationDataset(pairs.name(), 2, 1, pairs.cases().subList(0, 32));
        TrainingSettings settings = new TrainingSettings(TrainingSettings.Network.PROMPTABLE, 4, 2, 8, 0.002f, 7, 0.9,
                0.1, 0.05, RealReaderProtocol.TRAINING_JITTER, RealReaderProtocol.trainingCrop(lidc.layout()));
        List<DeferralTraining.Progress> progress = new ArrayList<>();

        try (DeferredSegmentor model = DeferralTraining.train(few, settings, dir, false, progress::add)) {
            assertThat(progress).hasSize(8);
            assertThat(progress.get(7).epochMeanLoss().total()).isLessThan(progress.get(0).epochMeanLoss().total());
            assertThat(model.cardValue("format")).isEqualTo("deferredseg-3");
            assertThat(model.cardValue("training.crop-size")).isEqualTo("64");
            SegmentationCase c = few.cases().get(0);
            RoutedImage routed = model.segment(c.image(), c.box(), InferenceControls.UNCONSTRAINED);
            assertThat(routed.width()).isEqualTo(128);
            assertThat(model.experts()).isEqualTo(1);
        }
        assertThat(ModelCatalog.directory(dir).identity().weightsDigest()).startsWith("sha256:");
    }
}
