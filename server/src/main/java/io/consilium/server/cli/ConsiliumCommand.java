package io.consilium.server.cli;

import io.consilium.server.abutment.AbutmentCommand;
import io.consilium.server.audit.AuditCommand;
import io.consilium.server.dicom.DicomCommand;
import io.consilium.server.seg.SegCommand;
import io.consilium.server.workflow.WorkflowBenchCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./consilium}: one entry point for the server and the tools beside it. */
@TopCommand
@Command(name = "consilium", mixinStandardHelpOptions = true, versionProvider = ConsiliumVersion.class,
        description = "Clinical decision support for radiology and implant dentistry.",
        subcommands = {ServeCommand.class, DicomCommand.class, SegCommand.class, AbutmentCommand.class,
            AuditCommand.class, WorkflowBenchCommand.class})
public class ConsiliumCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
