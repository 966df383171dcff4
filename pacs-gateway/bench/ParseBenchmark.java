package io.consilium.dicom.bench;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomElement;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.FileMetaInformation;
import io.consilium.dicom.PixelData;
import io.consilium.dicom.SyntheticSeries;
import io.consilium.dicom.Tag;
import io.consilium.dicom.TransferSyntax;
import io.consilium.dicom.VR;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 3, point 8 (not a test): parse throughput on generated multi-slice CT series against DCMTK dcmdump and
 * pydicom measured in the same run, and the heap needed to parse a 500 MB multi-frame file.
 * Run with pacs-gateway/bench/run.sh.
 */
public final class ParseBenchmark {

    private static final Tag PATIENT_NAME = new Tag(0x0010, 0x0010);
    private static final Tag PIXEL_DATA = new Tag(0x7FE0, 0x0010);

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("parse-large")) {
            parseLarge(Path.of(args[1]));
            return;
        }
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-corpus");
        int series = 4;
        int slices = 100;
        List<Path> files = corpus(dir, series, slices);
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        System.out.printf("corpus: %d files (%d series x %d slices, 512x512 CT), %.1f MB%n", files.size(), series, slices,
                bytes / 1e6);
        for (int round = 1; round <= 2; round++) {
            double ours = timeOurs(files);
            double dcmdump = timeExternal(dcmdumpCommand(files));
            double pydicom = timeExternal(List.of("/usr/bin/python3", "-c", PYDICOM, dir.toString()));
            System.out.printf("round %d: consilium %.2f s (%.0f MB/s, %.0f files/s) | dcmdump %.2f s (%.0f files/s) | "
                    + "pydicom %.2f s (%.0f files/s) | consilium is %.1fx dcmdump, %.1fx pydicom%n", round, ours,
                    bytes / 1e6 / ours, files.size() / ours, dcmdump, files.size() / dcmdump, pydicom,
                    files.size() / pydicom, dcmdump / ours, pydicom / ours);
        }
    }

    /** pydicom reads every file fully (values and pixel bytes), like our parse. */
    private static final String PYDICOM = String.join("\n",
            "import sys, os, pydicom",
            "d = sys.argv[1]",
            "for f in sorted(os.listdir(d)):",
            "    ds = pydicom.dcmread(os.path.join(d, f))",
            "    str(ds.PatientName); len(ds.PixelData)");

    private static List<String> dcmdumpCommand(List<Path> files) {
        List<String> cmd = new ArrayList<>(List.of("dcmdump", "-q"));
        files.forEach(f -> cmd.add(f.toString()));
        return cmd;
    }

    private static double timeOurs(List<Path> files) throws Exception {
        long start = System.nanoTime();
        long check = 0;
        for (Path f : files) {
            DicomFile file = DicomFile.read(f);
            Dataset ds = file.dataset();
            check += ds.text(PATIENT_NAME).length() + ds.get(PIXEL_DATA).length();
        }
        if (check == 0) {
            throw new IllegalStateException();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double timeExternal(List<String> command) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static List<Path> corpus(Path dir, int series, int slices) throws Exception {
        Files.createDirectories(dir);
        try (Stream<Path> existing = Files.list(dir)) {
            List<Path> found = existing.sorted().toList();
            if (found.size() == series * slices) {
                return found;
            }
        }
        List<Path> files = new ArrayList<>();
        for (int s = 0; s < series; s++) {
            List<DicomFile> generated = SyntheticSeries.ct("1.2.826.0.1.3680043.10.99." + (s + 1), slices, 512, 0.7, 1.0);
            for (int z = 0; z < generated.size(); z++) {
                Path f = dir.resolve(String.format("s%02d_%04d.dcm", s, z));
                generated.get(z).write(f);
                files.add(f);
            }
        }
        return files;
    }

    /**
     * Writes a multi-frame file of about {@code megabytes} MB (512x512 16-bit frames) without holding its pixels
     * in memory: the data set header through our writer, then the pixel value streamed frame by frame.
     */
    static void writeLarge(Path file, int frames) throws Exception {
        var ds = SyntheticSeries.ct("1.2.826.0.1.3680043.10.98", 1, 512, 0.7, 1.0).get(0).dataset();
        ds.remove(PIXEL_DATA);
        ds.putString(new Tag(0x0028, 0x0008), VR.IS, Integer.toString(frames));
        ds.put(DicomElement.of(new Tag(0x0029, 0x0010), VR.LO, "PLACEHOLDER ".getBytes()));
        var meta = FileMetaInformation.create(SyntheticSeries.CT_IMAGE_STORAGE, "1.2.826.0.1.3680043.10.98.1",
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            new DicomFile(meta, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(out);
            long length = (long) frames * 512 * 512 * 2;
            ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            header.putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'W').putShort((short) 0)
                    .putInt((int) length);
            out.write(header.array());
            ByteBuffer frame = ByteBuffer.allocate(512 * 512 * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int f = 0; f < frames; f++) {
                frame.clear();
                for (int i = 0; i < 512 * 512; i++) {
                    frame.putShort((short) (f + i % 100));
                }
                out.write(frame.array());
            }
        }
    }

    /** Parses the large file, decodes every frame, and reports the heap in use (run with a small -Xmx). */
    private static void parseLarge(Path file) throws Exception {
        if (!Files.exists(file)) {
            writeLarge(file, 1000);
        }
        System.gc();
        long before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long start = System.nanoTime();
        DicomFile dicom = DicomFile.read(file);
        PixelData pixels = PixelData.of(dicom);
        long sum = 0;
        long peak = 0;
        for (int f = 0; f < pixels.frames(); f++) {
            int[] values = pixels.storedValues(f);
            sum += values[values.length - 1];
            peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long size = Files.size(file);
        System.out.printf("large file: %.0f MB, %d frames decoded in %.2f s (checksum %d); max heap %d MB (-Xmx), "
                + "heap in use before %.0f MB, peak while decoding %.0f MB = %.2fx the file size%n", size / 1e6,
                pixels.frames(), seconds, sum, Runtime.getRuntime().maxMemory() >> 20, before / 1e6, peak / 1e6,
                (double) peak / size);
    }
}
