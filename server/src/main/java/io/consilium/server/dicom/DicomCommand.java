package io.consilium.server.dicom;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomDump;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.DicomParseException;
import io.consilium.dicom.PixelData;
import io.consilium.dicom.Tag;
import io.consilium.dicom.TransferSyntax;
import io.consilium.dicom.UnsupportedTransferSyntaxException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./consilium dicom ...}: look into, check, render and convert DICOM files with pacs-gateway's codec. */
@Command(name = "dicom", mixinStandardHelpOptions = true,
        description = "Inspect, validate, render and transcode DICOM files; echo, find, move, get and store over DIMSE.",
        subcommands = {DicomCommand.Dump.class, DicomCommand.Validate.class, DicomCommand.Pixels.class,
                DicomCommand.Transcode.class, DicomNetCommands.Echo.class, DicomNetCommands.Find.class,
                DicomNetCommands.Move.class, DicomNetCommands.Get.class, DicomNetCommands.Store.class})
public class DicomCommand implements Runnable {

    /** Exit status for a file that is not valid DICOM (picocli uses 2 for usage errors). */
    static final int INVALID = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static DicomFile read(Path file) throws IOException, DicomParseException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        return DicomFile.read(file);
    }

    @Command(name = "dump", mixinStandardHelpOptions = true,
            description = "Print one line per element in DCMTK dcmdump's layout (tag, VR, value, length, VM, keyword).")
    static class Dump implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "DICOM file (Part 10 or bare data set)")
        Path file;

        @Option(names = {"-L", "--print-all"}, description = "print long values completely (dcmdump +L)")
        boolean printAll;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try {
                out.print(DicomDump.of(read(file), printAll));
                out.flush();
                return 0;
            } catch (DicomParseException | UnsupportedTransferSyntaxException e) {
                spec.commandLine().getErr().println(file + ": " + e.getMessage());
                return INVALID;
            }
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check that a file is readable DICOM with consistent meta information and pixel data; "
                    + "exits 1 with the reason otherwise.")
    static class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws Exception {
            List<String> problems = new ArrayList<>();
            DicomFile dicom;
            try {
                dicom = read(file);
            } catch (DicomParseException | UnsupportedTransferSyntaxException e) {
                spec.commandLine().getErr().println(file + ": invalid: " + e.getMessage());
                return INVALID;
            }
            Dataset ds = dicom.dataset();
            String sopClass = ds.string(new Tag(0x0008, 0x0016));
            String sopInstance = ds.string(new Tag(0x0008, 0x0018));
            if (dicom.meta() == null) {
                problems.add("no File Meta Information (not a Part 10 file)");
            } else {
                if (dicom.meta().transferSyntaxUid() == null) {
                    problems.add("File Meta Information lacks Transfer Syntax UID (0002,0010)");
                }
                if (sopClass != null && !sopClass.equals(dicom.meta().mediaStorageSopClassUid())) {
                    problems.add("SOP Class UID (0008,0016) differs from Media Storage SOP Class UID (0002,0002)");
                }
                if (sopInstance != null && !sopInstance.equals(dicom.meta().mediaStorageSopInstanceUid())) {
                    problems.add("SOP Instance UID (0008,0018) differs from Media Storage SOP Instance UID (0002,0003)");
                }
            }
            if (sopClass == null) {
                problems.add("SOP Class UID (0008,0016) is missing");
            }
            if (sopInstance == null) {
                problems.add("SOP Instance UID (0008,0018) is missing");
            }
            if (ds.contains(new Tag(0x7FE0, 0x0010))) {
                try {
                    PixelData pixels = PixelData.of(dicom);
                    for (int f = 0; f < pixels.frames(); f++) {
                        pixels.storedValues(f);
                    }
                } catch (UnsupportedTransferSyntaxException e) {
                    spec.commandLine().getOut().println(file + ": note: pixel data not checked, " + e.getMessage());
                } catch (IllegalArgumentException e) {
                    problems.add("pixel data: " + e.getMessage());
                }
            }
            if (!problems.isEmpty()) {
                problems.forEach(p -> spec.commandLine().getErr().println(file + ": invalid: " + p));
                return INVALID;
            }
            spec.commandLine().getOut().println(file + ": valid (" + dicom.transferSyntax().title() + ", "
                    + ds.size() + " top-level elements)");
            return 0;
        }
    }

    @Command(name = "pixels", mixinStandardHelpOptions = true,
            description = "Render one frame to PNG with the default VOI (first window, else VOI LUT, else min-max).")
    static class Pixels implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--frame", defaultValue = "1", description = "frame number, from 1 (default: ${DEFAULT-VALUE})")
        int frame;

        @Option(names = "--out", required = true, description = "PNG file to write")
        Path out;

        @Override
        public Integer call() throws Exception {
            try {
                PixelData pixels = PixelData.of(read(file));
                if (frame < 1 || frame > pixels.frames()) {
                    spec.commandLine().getErr().println(file + ": frame " + frame + " does not exist (1.."
                            + pixels.frames() + ")");
                    return INVALID;
                }
                BufferedImage image = pixels.render(frame - 1);
                if (!ImageIO.write(image, "png", out.toFile())) {
                    throw new IOException("no PNG writer");
                }
                spec.commandLine().getOut().println("wrote " + out + " (" + image.getWidth() + "x" + image.getHeight()
                        + ", frame " + frame + " of " + pixels.frames() + ")");
                return 0;
            } catch (DicomParseException | UnsupportedTransferSyntaxException | IllegalArgumentException e) {
                spec.commandLine().getErr().println(file + ": " + e.getMessage());
                return INVALID;
            }
        }
    }

    @Command(name = "transcode", mixinStandardHelpOptions = true,
            description = "Write the file in another transfer syntax (native targets; compressed sources are decoded).")
    static class Transcode implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--ts", required = true, description = "target transfer syntax UID, e.g. 1.2.840.10008.1.2.1")
        String uid;

        @Option(names = "--out", required = true)
        Path out;

        @Override
        public Integer call() throws Exception {
            try {
                TransferSyntax target = TransferSyntax.ofUid(uid);
                read(file).transcode(target).write(out);
                spec.commandLine().getOut().println("wrote " + out + " (" + target.title() + ")");
                return 0;
            } catch (DicomParseException | UnsupportedTransferSyntaxException | IllegalArgumentException e) {
                spec.commandLine().getErr().println(file + ": " + e.getMessage());
                return INVALID;
            }
        }
    }
}
