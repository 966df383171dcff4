package io.consilium.dicom.bench;

import io.consilium.dicom.DicomFile;
import io.consilium.dicom.SyntheticSeries;
import io.consilium.dicom.web.DicomWebClient;
import io.consilium.dicom.web.StowResult;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Issue 4, point 3 (not a test): WADO-RS retrieval of one 100-slice CT series (512x512, 16 bit, Explicit VR
 * Little Endian) from Consilium's /dicomweb and from Orthanc's DICOMweb plugin, with the same client, twice.
 * Run with server/bench/dicomweb-bench.sh.
 */
public final class DicomWebBenchmark {

    private DicomWebBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        URI ours = URI.create(args[0]);
        URI orthanc = URI.create(args[1]);
        int slices = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        String series = "2.25." + new java.math.BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
        List<DicomFile> files = SyntheticSeries.ct(series, slices, 512, 0.7, 1.0);
        List<byte[]> instances = new ArrayList<>();
        for (DicomFile file : files) {
            var out = new ByteArrayOutputStream();
            file.write(out);
            instances.add(out.toByteArray());
        }
        long total = instances.stream().mapToLong(b -> b.length).sum();
        String study = files.get(0).dataset().string(new io.consilium.dicom.Tag(0x0020, 0x000D));
        System.out.printf("series: %d slices, %.1f MB of Part 10 files%n", slices, total / 1e6);

        DicomWebClient consilium = DicomWebClient.builder(ours).requestTimeout(Duration.ofMinutes(5)).build();
        DicomWebClient peer = DicomWebClient.builder(orthanc).requestTimeout(Duration.ofMinutes(5)).build();
        for (DicomWebClient client : List.of(consilium, peer)) {
            StowResult stored = client.storeBytes(null, instances);
            if (!stored.allStored()) {
                throw new IllegalStateException("STOW-RS failed: " + stored.failures());
            }
        }
        for (int round = 1; round <= 2; round++) {
            double oursMs = retrieve(consilium, study, series, slices, total);
            double peerMs = retrieve(peer, study, series, slices, total);
            System.out.printf("round %d: consilium %.0f ms (%.0f MB/s), orthanc %.0f ms (%.0f MB/s), "
                    + "consilium/orthanc time ratio %.2f%n", round, oursMs, total / 1e3 / oursMs, peerMs,
                    total / 1e3 / peerMs, oursMs / peerMs);
        }
    }

    private static double retrieve(DicomWebClient client, String study, String series, int slices, long total) {
        long start = System.nanoTime();
        long[] bytes = {0};
        int count = client.retrieveSeries(study, series, null, (syntax, in) -> bytes[0] += drain(in));
        double ms = (System.nanoTime() - start) / 1e6;
        if (count != slices || bytes[0] < total * 0.99) {
            throw new IllegalStateException("retrieved " + count + " instances, " + bytes[0] + " bytes");
        }
        return ms;
    }

    private static long drain(InputStream in) throws java.io.IOException {
        byte[] buffer = new byte[1 << 16];
        long n = 0;
        for (int r; (r = in.read(buffer)) > 0; ) {
            n += r;
        }
        return n;
    }
}
