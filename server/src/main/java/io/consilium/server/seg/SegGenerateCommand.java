package io.consilium.server.seg;

import io.consilium.seg.DatasetDirectory;
import io.consilium.seg.SegmentationDataset;
import io.consilium.seg.SyntheticPhantoms;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes synthetic phantoms with simulated experts in the dataset directory format. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write synthetic CT/MR-like phantoms with simulated expert masks as a dataset directory.")
class SegGenerateCommand extends SegSubcommand {

    @Option(names = "--out", required = true, description = "Dataset directory to write")
    Path out;

    @Option(names = "--cases", defaultValue = "20", description = "Cases (default 20)")
    int cases;

    @Option(names = "--size", defaultValue = "96", description = "Side in pixels (default 96)")
    int size;

    @Option(names = "--experts", defaultValue = "3", description = "Experts (default 3)")
    int experts;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default 1)")
    long seed;

    @Override
    int execute() throws Exception {
        SegmentationDataset data = SyntheticPhantoms.generate(seed, cases, size, experts);
        DatasetDirectory.write(data, out);
        spec.commandLine().getOut().println("Wrote " + data.size() + " cases to " + out);
        return 0;
    }
}
