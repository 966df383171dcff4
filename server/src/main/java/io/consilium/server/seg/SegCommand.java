package io.consilium.server.seg;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./consilium seg ...}: DeferredSeg training, evaluation, inference and synthetic data. */
@Command(name = "seg", mixinStandardHelpOptions = true,
        description = "DeferredSeg: promptable segmentation that defers pixels to K experts.",
        subcommands = {SegTrainCommand.class, SegEvalCommand.class, SegInferCommand.class, SegGenerateCommand.class})
public class SegCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
