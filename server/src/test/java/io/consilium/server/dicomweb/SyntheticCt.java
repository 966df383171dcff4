package io.consilium.server.dicomweb;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomElement;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.DicomParseException;
import io.consilium.dicom.FileMetaInformation;
import io.consilium.dicom.Tag;
import io.consilium.dicom.TransferSyntax;
import io.consilium.dicom.VR;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Uncompressed 16-bit CT series for the DICOMweb tests, each slice with its own pixel pattern. */
final class SyntheticCt {

    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final Tag SOP_INSTANCE_UID = new Tag(0x0008, 0x0018);
    static final Tag STUDY_DATE = new Tag(0x0008, 0x0020);
    static final Tag PATIENT_NAME = new Tag(0x0010, 0x0010);
    static final Tag PATIENT_ID = new Tag(0x0010, 0x0020);
    static final Tag STUDY_UID = new Tag(0x0020, 0x000D);
    static final Tag SERIES_UID = new Tag(0x0020, 0x000E);
    static final Tag PIXEL_DATA = new Tag(0x7FE0, 0x0010);

    private SyntheticCt() {
    }

    /** A study of one series; instance i is the Part 10 file of slice i+1. */
    static List<byte[]> study(String patientId, String patientName, String studyDate, int slices, int size) {
        String study = newUid();
        String series = study + ".1";
        List<byte[]> out = new ArrayList<>();
        for (int z = 0; z < slices; z++) {
            String sop = series + "." + (z + 1);
            var ds = new Dataset();
            ds.putString(new Tag(0x0008, 0x0005), VR.CS, "ISO_IR 100");
            ds.putString(new Tag(0x0008, 0x0016), VR.UI, CT_IMAGE_STORAGE);
            ds.putString(SOP_INSTANCE_UID, VR.UI, sop);
            ds.putString(STUDY_DATE, VR.DA, studyDate);
            ds.putString(new Tag(0x0008, 0x0030), VR.TM, "101010");
            ds.putString(new Tag(0x0008, 0x0050), VR.SH, "ACC" + slices);
            ds.putString(new Tag(0x0008, 0x0060), VR.CS, "CT");
            ds.putString(new Tag(0x0008, 0x1030), VR.LO, "Synthetic CT");
            ds.putString(PATIENT_NAME, VR.PN, patientName);
            ds.putString(PATIENT_ID, VR.LO, patientId);
            ds.putString(STUDY_UID, VR.UI, study);
            ds.putString(SERIES_UID, VR.UI, series);
            ds.putString(new Tag(0x0020, 0x0011), VR.IS, "1");
            ds.putString(new Tag(0x0020, 0x0013), VR.IS, Integer.toString(z + 1));
            ds.putDoubles(new Tag(0x0020, 0x0032), VR.DS, -100, -120, z * 2.0);
            ds.putDoubles(new Tag(0x0020, 0x0037), VR.DS, 1, 0, 0, 0, 1, 0);
            ds.putInts(new Tag(0x0028, 0x0002), VR.US, 1);
            ds.putString(new Tag(0x0028, 0x0004), VR.CS, "MONOCHROME2");
            ds.putInts(new Tag(0x0028, 0x0010), VR.US, size);
            ds.putInts(new Tag(0x0028, 0x0011), VR.US, size);
            ds.putDoubles(new Tag(0x0028, 0x0030), VR.DS, 0.8, 0.8);
            ds.putInts(new Tag(0x0028, 0x0100), VR.US, 16);
            ds.putInts(new Tag(0x0028, 0x0101), VR.US, 16);
            ds.putInts(new Tag(0x0028, 0x0102), VR.US, 15);
            ds.putInts(new Tag(0x0028, 0x0103), VR.US, 1);
            ds.putDoubles(new Tag(0x0028, 0x1052), VR.DS, -1024);
            ds.putDoubles(new Tag(0x0028, 0x1053), VR.DS, 1);
            ByteBuffer pixels = ByteBuffer.allocate(size * size * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < size * size; i++) {
                pixels.putShort((short) (z * 37 + i * 7 % 1000 - 500));
            }
            ds.put(DicomElement.of(PIXEL_DATA, VR.OW, pixels.array()));
            var file = new DicomFile(FileMetaInformation.create(CT_IMAGE_STORAGE, sop,
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            var bytes = new ByteArrayOutputStream();
            try {
                file.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.add(bytes.toByteArray());
        }
        return out;
    }

    static DicomFile readFile(byte[] part10) {
        try {
            return DicomFile.read(part10);
        } catch (DicomParseException e) {
            throw new AssertionError(e);
        }
    }

    /** The same instance under other UIDs (for clashes: same SOP Instance UID, different content). */
    static byte[] withSop(byte[] part10, String sop, String study, String series) {
        DicomFile file = readFile(part10);
        file.dataset().putString(SOP_INSTANCE_UID, VR.UI, sop);
        file.dataset().putString(STUDY_UID, VR.UI, study);
        file.dataset().putString(SERIES_UID, VR.UI, series);
        var out = new ByteArrayOutputStream();
        try {
            new DicomFile(FileMetaInformation.create(CT_IMAGE_STORAGE, sop, file.transferSyntax().uid()),
                    file.dataset(), file.transferSyntax()).write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Dataset dataset(byte[] part10) {
        return readFile(part10).dataset();
    }

    static String sop(byte[] part10) {
        return dataset(part10).string(SOP_INSTANCE_UID);
    }

    static String studyOf(byte[] part10) {
        return dataset(part10).string(STUDY_UID);
    }

    static String seriesOf(byte[] part10) {
        return dataset(part10).string(SERIES_UID);
    }

    static byte[] pixels(byte[] part10) {
        return dataset(part10).get(PIXEL_DATA).bytes();
    }

    static String newUid() {
        return "2.25." + new BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
    }
}
