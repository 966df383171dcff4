package io.consilium.server.seg;

import io.consilium.seg.DeferralTraining;
import io.consilium.seg.DeferredSegmentor;
import io.consilium.seg.MedSamBackbone;
import io.consilium.seg.RealReaderData;
import io.consilium.seg.RealReaderProtocol;
import io.consilium.seg.SegmentationDataset;
import io.consilium.seg.TrainingSettings;
import io.consilium.server.cli.ProgressLine;
import io.consilium.server.platform.DataDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains a DeferredSeg model with a progress bar; the model is saved after every epoch (checkpoint). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a DeferredSeg model (DJL, PyTorch, CPU); checkpoints every epoch, --resume continues.")
class SegTrainCommand extends SegSubcommand {

    @Option(names = "--data", description = "lidc-idri-slices or stare folder (its training split, real-reader "
            + "protocol), or a dataset directory (see README); default: synthetic phantoms")
    Path data;

    @Option(names = "--network", description = "compact or promptable (default: promptable on real readers, "
            + "compact on phantoms)")
    TrainingSettings.Network network;

    @Option(names = "--width", description = "Feature channels of the first layer (default from "
            + "consilium.seg.training.width)")
    Integer width;

    @Option(names = "--batch-size", description = "Cases per optimiser step")
    Integer batchSize;

    @Option(names = "--learning-rate", description = "Adam learning rate")
    Float learningRate;

    @Option(names = "--crop", description = "Train on windows of this many pixels around the prompt (a multiple of "
            + "16; default: 64 on lidc-idri-slices, 160 on stare, whole images otherwise)")
    Integer crop;

    @Option(names = "--simulated-experts", description = "On real readers: three simulated experts derived from "
            + "the readers' majority instead of the readers themselves (K = 3)")
    boolean simulatedExperts;

    @Option(names = "--out", description = "Model directory (also the checkpoint); default: DATA_DIR/models/deferredseg")
    Path out;

    @Option(names = "--resume", description = "Continue from the checkpoint in --out")
    boolean resume;

    @Option(names = "--epochs", description = "Epochs (default from consilium.seg.training.epochs)")
    Integer epochs;

    @Option(names = "--seed", description = "Seed of initialisation, data order and synthetic data")
    Long seed;

    @Option(names = "--cases", description = "Synthetic training cases")
    Integer cases;

    @Option(names = "--size", description = "Side of synthetic slices in pixels")
    Integer size;

    @Option(names = "--experts", defaultValue = "3", description = "Experts K of synthetic data (default 3)")
    int experts;

    @Option(names = "--deferral-weight", description = "Weight of the learning-to-defer expert terms")
    Double deferralWeight;

    @Option(names = "--coherence-weight", description = "Weight of the spatial-coherence loss")
    Double coherenceWeight;

    @Option(names = "--balance-weight", description = "Weight of the load-balancing penalty")
    Double balanceWeight;

    @Mixin
    MedSamOptions medsam;

    private final SegModels models;
    private final DataDirectory dataDirectory;

    SegTrainCommand(SegModels models, DataDirectory dataDirectory) {
        this.models = models;
        this.dataDirectory = dataDirectory;
    }

    @Override
    int execute() throws Exception {
        SegConfig.Training t = models.config().training();
        boolean realReaders = SegData.isRealReaders(data);
        TrainingSettings.Network chosen = network != null ? network
                : realReaders ? TrainingSettings.Network.PROMPTABLE : TrainingSettings.Network.COMPACT;
        int jitter = realReaders ? RealReaderProtocol.trainingJitter(RealReaderData.detect(data)) : 0;
        TrainingSettings settings = new TrainingSettings(chosen, width != null ? width : t.width(),
                epochs != null ? epochs : t.epochs(), batchSize != null ? batchSize : t.batchSize(),
                learningRate != null ? learningRate : t.learningRate(), seed != null ? seed : t.seed(),
                deferralWeight != null ? deferralWeight : t.deferralWeight(),
                coherenceWeight != null ? coherenceWeight : t.coherenceWeight(),
                balanceWeight != null ? balanceWeight : t.balanceWeight(), jitter,
                crop != null ? crop : realReaders ? RealReaderProtocol.trainingCrop(RealReaderData.detect(data)) : 0);
        Path output = out != null ? out : dataDirectory.root().resolve("models").resolve("deferredseg");
        PrintWriter err = spec.commandLine().getErr();
        SegmentationDataset dataset = SegData.training(data, simulatedExperts ? RealReaderProtocol.Experts.SIMULATED
                : RealReaderProtocol.Experts.READERS, settings.seed(), cases != null ? cases : t.cases(),
                size != null ? size : t.size(), experts);
        err.printf(Locale.ROOT, "Training DeferredSeg on %s: %d cases, %d classes, %d experts, %s%n", dataset.name(),
                dataset.size(), dataset.classes(), dataset.experts(), settings);
        err.flush();
        ProgressLine progressLine = new ProgressLine(err);
        try (MedSamBackbone backbone = medsam.open();
                DeferredSegmentor model = DeferralTraining.train(dataset, settings, output, resume,
                        progress -> drawProgress(progressLine, progress), backbone)) {
            err.println();
            spec.commandLine().getOut().println("Model written to " + output.toAbsolutePath() + " ("
                    + model.cardValue("training.final-loss") + ")");
        }
        return 0;
    }

    private static void drawProgress(ProgressLine line, DeferralTraining.Progress p) {
        line.draw(String.format(Locale.ROOT, "epoch %d/%d", p.epoch(), p.epochs()), (double) p.step() / p.steps(),
                p.step() + "/" + p.steps() + "  " + p.epochMeanLoss(), p.remaining());
        if (p.step() == p.steps()) {
            line.finish();
        }
    }
}
