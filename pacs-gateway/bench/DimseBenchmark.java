package io.consilium.dicom.bench;

import io.consilium.dicom.DicomFile;
import io.consilium.dicom.SyntheticSeries;
import io.consilium.dicom.net.DicomServer;
import io.consilium.dicom.net.FolderStore;
import io.consilium.dicom.net.NetSettings;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Issue 4, point 7 (not a test), driven by pacs-gateway/bench/dimse.sh:
 * {@code generate DIR SLICES SIZE} writes a multi-slice CT study; {@code scp AET PORT DIR} runs our C-STORE SCP
 * (pacs-gateway's DicomServer with a folder store, like storescp -od) until killed.
 */
public final class DimseBenchmark {

    private DimseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> {
                Path dir = Files.createDirectories(Path.of(args[1]));
                String series = "1.2.826.0.1.3680043.10.9" + args[2] + "." + System.currentTimeMillis();
                for (DicomFile f : SyntheticSeries.ct(series, Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                        0.7, 1.25)) {
                    f.write(dir.resolve(f.meta().mediaStorageSopInstanceUid() + ".dcm"));
                }
                System.out.println(series + ".0");
            }
            case "scp" -> {
                try (DicomServer server = DicomServer.start(NetSettings.of(args[1]), "127.0.0.1",
                        Integer.parseInt(args[2]), new FolderStore(Path.of(args[3])))) {
                    Thread.sleep(Long.MAX_VALUE);
                }
            }
            default -> throw new IllegalArgumentException("usage: generate DIR SLICES SIZE | scp AET PORT DIR");
        }
    }
}
