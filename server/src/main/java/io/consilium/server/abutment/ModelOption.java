package io.consilium.server.abutment;

import io.consilium.abutment.AbutmentDesigner;
import io.consilium.abutment.AbutmentTraining;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model DIR} and {@code --path-tolerance DEG}, shared by the commands that design abutments. */
class ModelOption {

    @Option(names = "--model", paramLabel = "DIR",
            description = "Directory written by 'abutment train' (default: the weights bundled with Consilium)")
    Path directory;

    @Option(names = "--path-tolerance", paramLabel = "DEG", defaultValue = "5.0",
            description = "Largest angle between a bridge abutment and the common path of insertion (default: "
                    + "${DEFAULT-VALUE} deg)")
    double pathToleranceDeg;

    AbutmentDesigner designer(AbutmentTraining.Variant variant) {
        return directory == null ? AbutmentDesigner.bundled(variant, pathToleranceDeg)
                : AbutmentDesigner.load(directory, variant, pathToleranceDeg);
    }
}
