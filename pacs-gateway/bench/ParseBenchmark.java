package io.consilium.dicom.bench;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomDump;
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

    /** Passes over the corpus before measuring, enough for the JIT to compile the parser. */
    private static final int WARM_UP_PASSES = 3;
    /** Measured rounds after the warm-up; the median of each tool is reported (the cores are shared). */
    private static final int ROUNDS = 5;

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
        int n = files.size();
        System.out.printf("corpus: %d files (%d series x %d slices, 512x512 CT), %.1f MB; load average before: %s%n",
                n, series, slices, bytes / 1e6, loadAverage());
        // A service parses in a JVM that is already running: the first passes pay class loading and JIT
        // compilation, so they are reported on their own and not counted.
        double cold = timeParse(files);
        double coldDump = timeDump(files);
        for (int warm = 0; warm < WARM_UP_PASSES - 1; warm++) {
            timeParse(files);
            timeDump(files);
        }
        System.out.printf("first pass in this JVM (not counted; %d warm-up passes in all): consilium parse %.2f ms/file, "
                + "parse+dump %.2f ms/file%n", WARM_UP_PASSES, cold * 1e3 / n, coldDump * 1e3 / n);
        double[][] rounds = new double[5][ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            rounds[0][r] = timeParse(files);
            rounds[1][r] = timeDump(files);
            rounds[2][r] = timeExternal(dcmdumpCommand(files, "+M"));
            rounds[3][r] = timeExternal(List.of("/usr/bin/python3", "-c", PYDICOM, dir.toString()));
            rounds[4][r] = timeExternal(dcmdumpCommand(files, "-M"));
            System.out.printf("round %d: consilium parse %.2f s, consilium parse+dump %.2f s, dcmdump %.2f s, "
                    + "dcmdump -M %.2f s, pydicom %.2f s%n", r + 1, rounds[0][r], rounds[1][r], rounds[2][r],
                    rounds[4][r], rounds[3][r]);
        }
        double parse = median(rounds[0]);
        double dump = median(rounds[1]);
        double dcmdump = median(rounds[2]);
        double pydicom = median(rounds[3]);
        double dcmdumpShort = median(rounds[4]);
        System.out.printf("median of %d rounds, per file: consilium parse %.2f ms (%.0f MB/s, %.0f files/s) | "
                + "consilium parse+dump %.2f ms (%.0f files/s) | dcmdump %.2f ms (%.0f MB/s, %.0f files/s) | "
                + "dcmdump -M %.2f ms (%.0f files/s) | pydicom %.2f ms (%.0f MB/s, %.0f files/s)%n", ROUNDS,
                parse * 1e3 / n, bytes / 1e6 / parse, n / parse, dump * 1e3 / n, n / dump, dcmdump * 1e3 / n,
                bytes / 1e6 / dcmdump, n / dcmdump, dcmdumpShort * 1e3 / n, n / dcmdumpShort, pydicom * 1e3 / n,
                bytes / 1e6 / pydicom, n / pydicom);
        System.out.printf("ratios: consilium parse is %.1fx dcmdump and %.1fx pydicom per file; consilium parse+dump "
                + "is %.1fx dcmdump and %.1fx dcmdump -M; load average after: %s%n", dcmdump / parse,
                pydicom / parse, dcmdump / dump, dcmdumpShort / dump, loadAverage());
    }

    /** pydicom reads every file fully (values and pixel bytes), like our parse. */
    private static final String PYDICOM = String.join("\n",
            "import sys, os, pydicom",
            "d = sys.argv[1]",
            "for f in sorted(os.listdir(d)):",
            "    ds = pydicom.dcmread(os.path.join(d, f))",
            "    str(ds.PatientName); len(ds.PixelData)");

    /**
     * One dcmdump process for all files, so that its start-up is paid once, as for our JVM. {@code +M} (its
     * default) reads every value into memory, as our parse does; {@code -M} leaves long values such as the pixel
     * data on disk, as our dump does with the mapped file.
     */
    private static List<String> dcmdumpCommand(List<Path> files, String loading) {
        List<String> cmd = new ArrayList<>(List.of("dcmdump", "-q", loading));
        files.forEach(f -> cmd.add(f.toString()));
        return cmd;
    }

    /**
     * Reads each file, its patient name, and copies every byte of its pixel data out of the mapped file, as
     * dcmdump's default (+M, load all values) reads them into memory.
     */
    private static double timeParse(List<Path> files) throws Exception {
        long start = System.nanoTime();
        long check = 0;
        byte[] pixels = new byte[0];
        for (Path f : files) {
            Dataset ds = DicomFile.read(f).dataset();
            ByteBuffer value = ds.get(PIXEL_DATA).value();
            if (pixels.length < value.remaining()) {
                pixels = new byte[value.remaining()];
            }
            int length = value.remaining();
            value.get(pixels, 0, length);
            check += ds.text(PATIENT_NAME).length() + length + pixels[length / 2];
        }
        requireNonZero(check);
        return (System.nanoTime() - start) / 1e9;
    }

    /** The whole of dcmdump's work: read, then render every element as its text line (thrown away). */
    private static double timeDump(List<Path> files) throws Exception {
        long start = System.nanoTime();
        long check = 0;
        for (Path f : files) {
            check += DicomDump.of(DicomFile.read(f), false).length();
        }
        requireNonZero(check);
        return (System.nanoTime() - start) / 1e9;
    }

    private static void requireNonZero(long check) {
        if (check == 0) {
            throw new IllegalStateException("nothing was read");
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String loadAverage() throws Exception {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2] + " (" + Runtime.getRuntime().availableProcessors()
                + " cores)";
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
