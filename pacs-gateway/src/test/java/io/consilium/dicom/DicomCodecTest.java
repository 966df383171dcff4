package io.consilium.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.dicom.internal.Dictionary;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DicomCodecTest {

    static final Path DATA = Path.of("/usr/lib/python3/dist-packages/pydicom/data");
    static final Tag PATIENT_NAME = new Tag(0x0010, 0x0010);

    @Test
    void dictionaryIsGeneratedFromTheStandard() {
        assertThat(Dictionary.standardSize()).isGreaterThan(4000);
        assertThat(Dictionary.standard(PATIENT_NAME).keyword()).isEqualTo("PatientName");
        assertThat(Dictionary.standard(PATIENT_NAME).vr()).isEqualTo(VR.PN);
        assertThat(Dictionary.standard(new Tag(0x6002, 0x3000)).keyword()).isEqualTo("OverlayData");
        assertThat(Dictionary.standard(new Tag(0x0020, 0x0037)).vm()).isEqualTo("6");
        assertThat(Dictionary.tagOf("ImagePositionPatient")).isEqualTo(new Tag(0x0020, 0x0032));
        assertThat(Dictionary.privateTag(new Tag(0x0019, 0x1024), "GEMS_ACQU_01").keyword()).isEqualTo("MidScanTime");
    }

    @ParameterizedTest
    @EnumSource(value = TransferSyntax.class, names = {"IMPLICIT_VR_LITTLE_ENDIAN", "EXPLICIT_VR_LITTLE_ENDIAN",
            "DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN"})
    void everyVrSurvivesAWriteAndRead(TransferSyntax syntax) throws Exception {
        var ds = new Dataset();
        ds.putString(new Tag(0x0008, 0x0005), VR.CS, "ISO_IR 192");
        ds.putString(new Tag(0x0008, 0x0016), VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.putString(new Tag(0x0008, 0x0018), VR.UI, "1.2.3.4.5");
        ds.putString(PATIENT_NAME, VR.PN, "Müller^Zoë=山田^太郎");
        ds.putString(new Tag(0x0008, 0x0119), VR.UC, "a long code value");
        ds.putString(new Tag(0x0008, 0x0120), VR.UR, "http://example.org/x");
        ds.putString(new Tag(0x0018, 0x0088), VR.DS, "1.25");
        ds.putInts(new Tag(0x0028, 0x0010), VR.US, 512);
        ds.putInts(new Tag(0x0018, 0x6020), VR.SL, -7);
        ds.putDoubles(new Tag(0x0018, 0x9087), VR.FD, 1000.5);
        ds.putDoubles(new Tag(0x0018, 0x9089), VR.FD, 0.0, 0.6, 0.8);
        ds.put(DicomElement.of(new Tag(0x0066, 0x0040), VR.OL, new byte[] {1, 2, 3, 4}));
        ds.put(DicomElement.of(new Tag(0x0066, 0x0016), VR.OF, new byte[] {0, 0, (byte) 0x80, 0x3F}));
        ds.put(DicomElement.of(new Tag(0x0070, 0x1103), VR.OD, new byte[8]));
        ds.put(DicomElement.of(new Tag(0x0072, 0x0082), VR.SV, new byte[] {-1, -1, -1, -1, -1, -1, -1, -1}));
        ds.put(DicomElement.of(new Tag(0x0072, 0x0083), VR.UV, new byte[] {1, 0, 0, 0, 0, 0, 0, 0}));
        ds.put(DicomElement.of(new Tag(0x0009, 0x0010), VR.LO, "VENDOR X".getBytes()));
        ds.put(DicomElement.of(new Tag(0x0009, 0x1001), VR.UN, new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 7}));
        var item = new Dataset();
        item.putString(new Tag(0x0008, 0x0100), VR.SH, "T-D1100");
        ds.putSequence(new Tag(0x0040, 0x0260), List.of(item, new Dataset()));

        var out = new ByteArrayOutputStream();
        new DicomFile(null, ds, syntax).write(out);
        DicomFile back = DicomFile.read(out.toByteArray());

        assertThat(back.transferSyntax()).isEqualTo(syntax);
        assertThat(back.dataset().string(PATIENT_NAME)).isEqualTo("Müller^Zoë=山田^太郎");
        assertThat(back.dataset().doubles(new Tag(0x0018, 0x9089))).containsExactly(0.0, 0.6, 0.8);
        assertThat(back.dataset().intValue(new Tag(0x0018, 0x6020), 0)).isEqualTo(-7);
        assertThat(back.dataset().get(new Tag(0x0009, 0x1001)).bytes()).containsExactly(0xCA, 0xFE, 0, 7);
        assertThat(back.dataset().sequence(new Tag(0x0040, 0x0260))).hasSize(2);
        assertThat(back.dataset().sequence(new Tag(0x0040, 0x0260)).get(0).string(new Tag(0x0008, 0x0100)))
                .isEqualTo("T-D1100");
        for (DicomElement e : ds.elements()) {
            assertThat(back.dataset().get(e.tag()).sameContent(e)).as(e.toString()).isTrue();
            if (syntax.isExplicitVr()) {
                assertThat(back.dataset().get(e.tag()).vr()).isEqualTo(e.vr());
            }
        }
    }

    @Test
    void bigEndianAndLittleEndianFilesHoldTheSameValues() throws Exception {
        Dataset little = DicomFile.read(DATA.resolve("test_files/MR_small.dcm")).dataset();
        DicomFile big = DicomFile.read(DATA.resolve("test_files/MR_small_bigendian.dcm"));
        assertThat(big.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
        assertThat(big.dataset().intValue(new Tag(0x0028, 0x0010), 0)).isEqualTo(64);
        assertThat(big.dataset().get(new Tag(0x7FE0, 0x0010)).bytes())
                .isEqualTo(little.get(new Tag(0x7FE0, 0x0010)).bytes());
    }

    /** DCMTK renders this file differently from its little-endian twin; pydicom and we agree with the twin. */
    @Test
    void bigEndian32BitPixelsEqualTheLittleEndianTwin() throws Exception {
        int[] little = PixelData.of(DicomFile.read(DATA.resolve("test_files/rtdose_1frame.dcm"))).storedValues(0);
        int[] big = PixelData.of(DicomFile.read(DATA.resolve("test_files/rtdose_expb_1frame.dcm"))).storedValues(0);
        assertThat(big).containsExactly(little);
        assertThat(little[0]).isEqualTo(1249000);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"MR_small_RLE.dcm", "SC_rgb_jpeg_gdcm.dcm",
            "SC_rgb_rle_32bit_2frame.dcm", "SC_rgb_dcmtk_+eb+cy+np.dcm", "MR_small_jpeg_ls_lossless.dcm"})
    void compressedPixelsTranscodeToNativeWithoutChange(String name) throws Exception {
        DicomFile compressed = DicomFile.read(DATA.resolve("test_files").resolve(name));
        var out = new ByteArrayOutputStream();
        compressed.transcode(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(out);
        DicomFile plain = DicomFile.read(out.toByteArray());
        assertThat(plain.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        PixelData before = PixelData.of(compressed);
        PixelData after = PixelData.of(plain);
        for (int f = 0; f < before.frames(); f++) {
            assertThat(after.storedValues(f)).containsExactly(before.storedValues(f));
        }
    }

    @Test
    void compressingIsRefusedWithTheSyntaxNamed() throws Exception {
        DicomFile plain = DicomFile.read(DATA.resolve("test_files/MR_small.dcm"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.transcode(TransferSyntax.JPEG_2000))
                .isInstanceOf(UnsupportedTransferSyntaxException.class)
                .hasMessageContaining("unsupported transfer syntax 1.2.840.10008.1.2.4.91");
    }

    @Test
    void deflatedFileIsInflated() throws Exception {
        DicomFile file = DicomFile.read(DATA.resolve("test_files/image_dfl.dcm"));
        assertThat(file.transferSyntax()).isEqualTo(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(file.dataset().intValue(new Tag(0x0028, 0x0010), 0)).isPositive();
    }

    @Test
    void japaneseKoreanChineseAndGreekNamesDecode() throws Exception {
        assertThat(name("charset_files/chrH32.dcm")).isEqualTo("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう");
        assertThat(name("charset_files/chrJapMulti.dcm")).isEqualTo("やまだ^たろう");
        assertThat(name("charset_files/chrH31.dcm")).isEqualTo("Yamada^Tarou=山田^太郎=やまだ^たろう");
        assertThat(name("charset_files/chrI2.dcm")).isEqualTo("Hong^Gildong=洪^吉洞=홍^길동");
        assertThat(name("charset_files/chrX2.dcm")).isEqualTo("Wang^XiaoDong=王^小东=");
        assertThat(name("charset_files/chrGreek.dcm")).isEqualTo("Διονυσιος");
        assertThat(name("charset_files/chrX1.dcm")).isEqualTo("Wang^XiaoDong=王^小東=");
    }

    private static String name(String file) throws Exception {
        return DicomFile.read(DATA.resolve(file)).dataset().text(PATIENT_NAME);
    }

    @Test
    void japaneseIsEncodedWithEscapeSequences() throws Exception {
        var ds = new Dataset();
        ds.putString(new Tag(0x0008, 0x0005), VR.CS, "", "ISO 2022 IR 87");
        ds.putString(PATIENT_NAME, VR.PN, "Yamada^Tarou=山田^太郎");
        assertThat(ds.text(PATIENT_NAME)).isEqualTo("Yamada^Tarou=山田^太郎");
        assertThat(new String(ds.get(PATIENT_NAME).bytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("\u001b$B");
    }

    @Test
    void privateElementsAreKeptByteForByte() throws Exception {
        Path file = DATA.resolve("test_files/CT_small.dcm");
        DicomFile ct = DicomFile.read(file);
        var out = new ByteArrayOutputStream();
        ct.write(out);
        DicomFile back = DicomFile.read(out.toByteArray());
        long privates = ct.dataset().elements().stream().filter(e -> e.tag().isPrivate()).count();
        assertThat(privates).isGreaterThan(50);
        ct.dataset().elements().stream().filter(e -> e.tag().isPrivate())
                .forEach(e -> assertThat(back.dataset().get(e.tag())).isEqualTo(e));
        assertThat(Files.size(file)).isPositive();
    }
}
