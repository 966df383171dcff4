package io.consilium.server.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.dicom.DicomFile;
import io.consilium.dicom.Segmentation;
import io.consilium.dicom.TransferSyntax;
import io.consilium.dicom.Volume;
import io.consilium.server.demo.SampleStudies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of object Consilium writes passes dicom3tools' dciodvfy (Debian package, installed by
 * scripts/setup.sh) without errors: the demo's CT instances, the SEG over them, and instances converted to
 * another transfer syntax (WADO-RS, C-STORE, {@code dicom convert}), which must not gain an error their source
 * did not have.
 */
class WrittenObjectsConformanceTest {

    @TempDir
    Path tmp;

    private final SampleStudies.CtSeries ct = SampleStudies.ct(7, 3, 32, "CONFORMANCE-1");

    @Test
    void demoCtInstancesHaveNoErrors() throws Exception {
        for (DicomFile slice : ct.instances()) {
            assertThat(errors(write(slice, "ct.dcm"))).isEmpty();
        }
    }

    @Test
    void segOverTheDemoCtHasNoErrors() throws Exception {
        Volume volume = Volume.of(ct.instances());
        int voxels = volume.columns() * volume.rows() * volume.slices();
        boolean[] liver = new boolean[voxels];
        IntStream.range(0, voxels).filter(i -> i % volume.columns() < 10).forEach(i -> liver[i] = true);
        DicomFile seg = Segmentation.of(volume).algorithm("DeferredSeg", "1.0")
                .seriesDescription("Consilium Liver (AI + expert review)")
                .segment("Liver", Segmentation.TISSUE, Segmentation.LIVER, Segmentation.AlgorithmType.SEMIAUTOMATIC,
                        liver)
                .segment("AI segmentation", Segmentation.ANATOMICAL_STRUCTURE, Segmentation.ANATOMICAL_STRUCTURE,
                        Segmentation.AlgorithmType.AUTOMATIC, liver)
                .build();
        assertThat(errors(write(seg, "seg.dcm"))).isEmpty();
    }

    @Test
    void convertedInstancesGainNoErrors() throws Exception {
        DicomFile slice = ct.instances().get(0);
        assertThat(errors(write(slice.transcode(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN), "implicit.dcm")))
                .isEmpty();
        // dciodvfy cannot read deflated data sets: DCMTK inflates ours, and its output is checked.
        Path deflated = write(slice.transcode(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN), "deflated.dcm");
        Path inflated = tmp.resolve("inflated.dcm");
        Tool.Result dcmconv = Tool.run("dcmconv", "+te", deflated.toString(), inflated.toString());
        assertThat(dcmconv.exitCode()).as(dcmconv.output()).isZero();
        assertThat(errors(inflated)).isEmpty();
        for (String name : List.of("rtdose_expb.dcm", "MR_small_bigendian.dcm", "ExplVR_BigEnd.dcm",
                "liver_expb_1frame.dcm", "MR_small_RLE.dcm", "SC_rgb_rle_32bit.dcm", "JPEG-lossy.dcm")) {
            Path source = DicomCommandTest.SAMPLES.resolve(name);
            Path converted = write(DicomFile.read(source).transcode(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                    "le-" + name);
            assertThat(errors(converted)).as(name).isSubsetOf(errors(source));
        }
    }

    private Path write(DicomFile file, String name) throws Exception {
        Path path = tmp.resolve(name);
        file.write(path);
        return path;
    }

    /** dciodvfy's error lines for a file. */
    private static List<String> errors(Path file) throws Exception {
        return Tool.run("dciodvfy", file.toString()).output().lines().filter(l -> l.startsWith("Error")).toList();
    }

    /** A command line tool from the Debian packages scripts/setup.sh installs (dicom3tools, dcmtk). */
    private static final class Tool {
        record Result(int exitCode, String output) {
        }

        static Result run(String... command) throws Exception {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(command[0] + " finishes").isTrue();
            return new Result(p.exitValue(), out);
        }
    }
}
