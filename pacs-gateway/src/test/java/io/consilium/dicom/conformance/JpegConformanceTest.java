package io.consilium.dicom.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.dicom.DicomFile;
import io.consilium.dicom.PixelData;
import io.consilium.dicom.TransferSyntax;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, point 2: our JPEG Lossless (process 14, every predictor, SV1) and 12-bit JPEG Extended decoders on
 * files DCMTK's dcmcjpeg encodes from uncompressed pydicom files: lossless frames equal the source exactly,
 * 12-bit lossy frames are within 1 of what DCMTK's dcmdjpeg decodes.
 */
class JpegConformanceTest {

    private static final Path DATA = PydicomConformanceTest.PYDICOM_DATA.resolve("test_files");

    @TempDir
    Path tmp;

    @Test
    void losslessFramesEqualTheSourceForEveryPredictor() throws Exception {
        Dcmtk.requireInstalled();
        List<String> checked = new ArrayList<>();
        for (String source : List.of("CT_small.dcm", "MR_small.dcm", "SC_rgb_small_odd.dcm")) {
            List<List<String>> encodings = new ArrayList<>(List.of(List.of("+e1")));
            for (int predictor = 1; predictor <= 7; predictor++) {
                encodings.add(List.of("+el", "+sv", Integer.toString(predictor)));
            }
            int[] expected = PixelData.of(DicomFile.read(DATA.resolve(source))).storedValues(0);
            for (List<String> options : encodings) {
                DicomFile encoded = encode(source, options);
                assertThat(encoded.transferSyntax()).isIn(TransferSyntax.JPEG_LOSSLESS, TransferSyntax.JPEG_LOSSLESS_SV1);
                assertThat(PixelData.of(encoded).storedValues(0)).as(source + " " + options).containsExactly(expected);
                checked.add(source + " " + options);
            }
        }
        assertThat(checked).hasSize(24);
    }

    @Test
    void twelveBitExtendedIsWithinOneOfDcmdjpeg() throws Exception {
        Dcmtk.requireInstalled();
        for (String source : List.of("CT_small.dcm", "MR_small.dcm")) {
            DicomFile encoded = encode(source, List.of("+ee", "+bt"));
            assertThat(encoded.transferSyntax()).isEqualTo(TransferSyntax.JPEG_EXTENDED);
            Path lossy = tmp.resolve("lossy-" + source);
            encoded.write(lossy);
            Path decoded = tmp.resolve("dcmdjpeg-" + source);
            assertThat(Dcmtk.exec(List.of("dcmdjpeg", lossy.toString(), decoded.toString()))).isZero();
            int[] ours = PixelData.of(encoded).storedValues(0);
            int[] theirs = PixelData.of(DicomFile.read(decoded)).storedValues(0);
            assertThat(ours).hasSameSizeAs(theirs);
            for (int i = 0; i < ours.length; i++) {
                assertThat(Math.abs(ours[i] - theirs[i])).as("%s value %d", source, i).isLessThanOrEqualTo(1);
            }
        }
    }

    private DicomFile encode(String source, List<String> options) throws Exception {
        Path out = tmp.resolve(String.join("", options).replace("+", "") + "-" + source);
        List<String> command = new ArrayList<>(List.of("dcmcjpeg"));
        command.addAll(options);
        command.add(DATA.resolve(source).toString());
        command.add(out.toString());
        assertThat(Dcmtk.exec(command)).as("dcmcjpeg " + options + " " + source).isZero();
        return DicomFile.read(out);
    }
}
