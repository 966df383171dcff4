package io.consilium.server.abutment;

import io.consilium.abutment.AbutmentTraining;
import io.consilium.abutment.AbutmentTraining.Variant;
import io.consilium.server.platform.ConsiliumConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./consilium abutment train}: trains the full model and both ablations on synthetic cases. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the abutment network (and the ablations used by 'abutment eval') on synthetic cases, "
                + "with a progress bar. Deterministic for a seed.")
class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final ConsiliumConfig config;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where to write the weights (default: <data dir>/models/abutment)")
    Path out;

    @Option(names = "--variant", defaultValue = "all",
            description = "all, full, no-text or single-expert (default ${DEFAULT-VALUE})")
    String variant;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--cases", defaultValue = "2500", description = "Synthetic training cases (default ${DEFAULT-VALUE})")
    int cases;

    @Option(names = "--epochs", defaultValue = "40")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.003")
    double learningRate;

    TrainCommand(ConsiliumConfig config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<Variant> variants;
        try {
            variants = "all".equals(variant) ? List.of(Variant.values()) : List.of(parse(variant));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        Path directory = out != null ? out : config.dataDir().resolve("models").resolve("abutment");
        AbutmentTraining.Options options = new AbutmentTraining.Options(seed, cases, epochs, batchSize, learningRate);
        ProgressBar bar = new ProgressBar(err);
        for (Variant v : variants) {
            AbutmentTraining.Result result = AbutmentTraining.train(v, options, directory, bar);
            bar.finish();
            spec.commandLine().getOut().printf(Locale.ROOT, "%s: final loss %.4f on %d sites in %.0f s -> %s%n",
                    result.variant(), result.finalLoss(), result.sites(), result.seconds(), result.directory());
        }
        spec.commandLine().getOut().println("use with: ./consilium abutment propose CASE.json --out DIR --model "
                + directory);
        return 0;
    }

    private static Variant parse(String id) {
        for (Variant v : Variant.values()) {
            if (v.id().equals(id)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown --variant '" + id + "'; use all, full, no-text or single-expert");
    }
}
