package io.consilium.server.abutment;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./consilium abutment ...}: propose, evaluate and train the abutment designer. */
@Command(name = "abutment", mixinStandardHelpOptions = true,
        description = "Implant abutment design: propose abutments for a case, evaluate and train the model.",
        subcommands = {ProposeCommand.class, EvalCommand.class, TrainCommand.class, GenerateCommand.class})
public class AbutmentCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
