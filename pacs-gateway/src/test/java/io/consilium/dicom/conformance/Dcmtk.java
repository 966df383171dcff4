package io.consilium.dicom.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs DCMTK's command line tools (Debian package {@code dcmtk}, installed by scripts/setup.sh). */
public final class Dcmtk {

    private static final Pattern LINE = Pattern.compile("^\\((\\p{XDigit}{4},\\p{XDigit}{4})\\) (\\S\\S) (.*?) +# +(\\S+), *(\\d+) .*$");

    /** A dumped element: VR and the value as dcmdump printed it. */
    public record Line(String vr, String value) {
    }

    /** dcmdump's output plus whether it converted text to UTF-8 (+U8) or printed raw bytes. */
    public record Dump(int exitCode, boolean utf8, Map<String, Line> topLevel, String text) {
    }

    private Dcmtk() {
    }

    public static void requireInstalled() {
        for (String tool : List.of("dcmdump", "dcmj2pnm")) {
            if (!Files.isExecutable(Path.of("/usr/bin", tool))) {
                throw new IllegalStateException(tool + " is missing: run scripts/setup.sh (Debian package dcmtk)");
            }
        }
    }

    public static Dump dump(Path file) throws IOException, InterruptedException {
        Result utf8 = run(List.of("dcmdump", "-q", "-Un", "+L", "+U8", file.toString()));
        if (utf8.exitCode == 0) {
            return new Dump(0, true, topLevel(utf8.output), utf8.output);
        }
        Result raw = run(List.of("dcmdump", "-q", "-Un", "+L", file.toString()));
        return new Dump(raw.exitCode, false, topLevel(raw.output), raw.output);
    }

    private record Result(int exitCode, String output) {
    }

    /** dcmdump's default output (-Un: UIDs as numbers, as ./consilium dicom dump prints them), or null on failure. */
    public static String defaultDump(Path file) throws IOException, InterruptedException {
        Result r = run(List.of("dcmdump", "-q", "-Un", file.toString()));
        return r.exitCode == 0 ? r.output : null;
    }

    public static int exec(List<String> command) throws IOException, InterruptedException {
        return run(command).exitCode;
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command + " did not finish");
        }
        // ISO 8859-1 keeps every byte when dcmdump prints raw (non-UTF-8) text; UTF-8 output is re-decoded.
        return new Result(p.exitValue(), new String(out, command.contains("+U8") ? StandardCharsets.UTF_8
                : StandardCharsets.ISO_8859_1));
    }

    private static Map<String, Line> topLevel(String output) {
        Map<String, Line> lines = new LinkedHashMap<>();
        boolean inDataset = false;
        for (String line : output.split("\n", -1)) {
            if (line.startsWith("# Dicom-Data-Set")) {
                inDataset = true;
                continue;
            }
            if (!inDataset || !line.startsWith("(")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (m.matches() && !m.group(1).startsWith("fffe")) {
                lines.put("(" + m.group(1) + ")", new Line(m.group(2), m.group(3)));
            }
        }
        return lines;
    }

}
