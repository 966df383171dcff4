package io.consilium.server.seg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A {@code seg} subcommand: bad input and unreadable files end with one clear line and exit code 2. */
abstract class SegSubcommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        try {
            return execute();
        } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
            spec.commandLine().getErr().println("consilium seg " + spec.name() + ": " + e.getMessage());
            return 2;
        }
    }

    abstract int execute() throws Exception;
}
