package io.consilium.server.abutment;

import io.consilium.abutment.AbutmentJson;
import io.consilium.abutment.SyntheticCases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./consilium abutment generate --out DIR}: labelled synthetic cases, e.g. for {@code eval --data}. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write synthetic labelled cases (case + reference design per implant) as JSON files.")
class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--cases", defaultValue = "100")
    int cases;

    @Option(names = "--seed", defaultValue = "" + EvalCommand.HELD_OUT_SEED)
    long seed;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        List<SyntheticCases.LabelledCase> labelled = SyntheticCases.generate(seed, cases);
        for (SyntheticCases.LabelledCase c : labelled) {
            Files.writeString(out.resolve(c.abutmentCase().caseId() + ".json"), AbutmentJson.write(c));
        }
        spec.commandLine().getOut().println("wrote " + labelled.size() + " labelled cases to " + out);
        return 0;
    }
}
