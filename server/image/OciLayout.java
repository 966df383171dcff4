import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the image tarball Jib writes for `docker load` (manifest.json + config + layer files, extracted in IN)
 * into an OCI image layout in OUT; writes the image reference to REF. JDK only, run as a single-file program
 * by image-archive, so the build needs nothing that is not already on it.
 *   java OciLayout.java IN OUT REF
 */
public final class OciLayout {

    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String dockerManifest = Files.readString(in.resolve("manifest.json"));
        String config = first(dockerManifest, "\"[Cc]onfig\"\\s*:\\s*\"([^\"]+)\"");
        String reference = first(dockerManifest, "\"[Rr]epo[Tt]ags\"\\s*:\\s*\\[\\s*\"([^\"]+)\"");
        Matcher layersArray = Pattern.compile("\"[Ll]ayers\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(dockerManifest);
        if (!layersArray.find()) {
            throw new IOException("no layers in manifest.json: " + dockerManifest);
        }
        List<String> layers = new ArrayList<>();
        Matcher layer = Pattern.compile("\"([^\"]+)\"").matcher(layersArray.group(1));
        while (layer.find()) {
            layers.add(layer.group(1));
        }

        Path blobs = Files.createDirectories(out.resolve("blobs/sha256"));
        StringBuilder manifest = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":")
                .append(blob(in.resolve(config), blobs, "application/vnd.oci.image.config.v1+json"))
                .append(",\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            Path file = in.resolve(layers.get(i));
            String type = gzipped(file) ? "application/vnd.oci.image.layer.v1.tar+gzip"
                    : "application/vnd.oci.image.layer.v1.tar";
            manifest.append(i == 0 ? "" : ",").append(blob(file, blobs, type));
        }
        manifest.append("]}");
        Path manifestFile = out.resolve("manifest.tmp");
        Files.writeString(manifestFile, manifest);
        String manifestDescriptor = blob(manifestFile, blobs, MANIFEST);
        Files.delete(manifestFile);

        Files.writeString(out.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(out.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":["
                + manifestDescriptor.substring(0, manifestDescriptor.length() - 1)
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + reference + "\"}}]}");
        Files.writeString(Path.of(args[2]), reference);
    }

    /** Copies a file into blobs/sha256 under its digest; returns its OCI descriptor. */
    private static String blob(Path file, Path blobs, String mediaType) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (InputStream stream = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = stream.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
        }
        String hex = HexFormat.of().formatHex(sha256.digest());
        Files.copy(file, blobs.resolve(hex), StandardCopyOption.REPLACE_EXISTING);
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"sha256:" + hex + "\",\"size\":" + Files.size(file) + "}";
    }

    private static boolean gzipped(Path file) throws IOException {
        try (InputStream stream = Files.newInputStream(file)) {
            return stream.read() == 0x1f && stream.read() == 0x8b;
        }
    }

    private static String first(String json, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(json);
        if (!m.find()) {
            throw new IOException("manifest.json lacks " + regex + ": " + json);
        }
        return m.group(1).replace("\\u003d", "=");
    }
}
