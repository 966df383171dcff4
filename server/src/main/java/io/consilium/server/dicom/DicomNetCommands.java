package io.consilium.server.dicom;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomElement;
import io.consilium.dicom.Tag;
import io.consilium.dicom.VR;
import io.consilium.dicom.internal.Dictionary;
import io.consilium.dicom.net.DicomClient;
import io.consilium.dicom.net.DicomNetException;
import io.consilium.dicom.net.FolderStore;
import io.consilium.dicom.net.Progress;
import io.consilium.dicom.net.QueryModel;
import io.consilium.dicom.net.RemoteAe;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./consilium dicom echo|find|move|get|store}: our SCU against the configured PACS or any peer. */
final class DicomNetCommands {

    /** Exit status when the peer cannot be reached or refuses the operation. */
    static final int NETWORK_FAILURE = 3;
    private static final Tag LEVEL = new Tag(0x0008, 0x0052);

    private DicomNetCommands() {
    }

    /** The peer: the configured PACS unless named. */
    static class PeerOptions {
        @Option(names = "--peer", paramLabel = "AET@HOST:PORT",
                description = "peer AE (default: consilium.pacs.aet@host:port)")
        String peer;

        RemoteAe resolve(DicomNetwork network) {
            if (peer == null) {
                return network.pacs();
            }
            int at = peer.indexOf('@');
            int colon = peer.lastIndexOf(':');
            if (at < 1 || colon < at) {
                throw new IllegalArgumentException("--peer must look like AET@HOST:PORT, was " + peer);
            }
            return new RemoteAe(peer.substring(0, at), peer.substring(at + 1, colon),
                    Integer.parseInt(peer.substring(colon + 1)));
        }
    }

    /** Query keys shared by find, move and get. */
    static class QueryOptions {
        @Option(names = "--level", defaultValue = "STUDY", description = "STUDY, SERIES or IMAGE (default: ${DEFAULT-VALUE})")
        String level;

        @Option(names = "--patient-root", description = "Patient Root model (default: Study Root)")
        boolean patientRoot;

        @Option(names = {"-k", "--key"}, paramLabel = "KEYWORD=VALUE",
                description = "matching or return key, e.g. PatientName=DOE*, StudyDate=20250101-20251231, "
                        + "StudyInstanceUID=1.2.3 or (0020,000D)=1.2.3; repeatable")
        List<String> keys = new ArrayList<>();

        QueryModel model() {
            return patientRoot ? QueryModel.PATIENT_ROOT : QueryModel.STUDY_ROOT;
        }

        Dataset dataset() {
            var d = new Dataset();
            d.putString(LEVEL, VR.CS, level.toUpperCase(java.util.Locale.ROOT));
            for (String key : keys) {
                int eq = key.indexOf('=');
                String name = eq < 0 ? key : key.substring(0, eq);
                String value = eq < 0 ? "" : key.substring(eq + 1);
                Tag tag = name.matches("\\(?\\p{XDigit}{4},?\\p{XDigit}{4}\\)?") ? Tag.parse(name)
                        : Dictionary.tagOf(name);
                if (tag == null) {
                    throw new IllegalArgumentException("unknown attribute " + name);
                }
                VR vr = Dictionary.standard(tag) == null ? VR.LO : Dictionary.standard(tag).vr();
                d.putString(tag, vr, value);
            }
            return d;
        }
    }

    abstract static class NetCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        PeerOptions peer;

        final DicomNetwork network;

        NetCommand(DicomNetwork network) {
            this.network = network;
        }

        @Override
        public Integer call() {
            try {
                return run(network.client(), peer.resolve(network), spec.commandLine().getOut());
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 2;
            } catch (DicomNetException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return NETWORK_FAILURE;
            } catch (IOException e) {
                spec.commandLine().getErr().println("network error: " + e.getMessage());
                return NETWORK_FAILURE;
            }
        }

        abstract int run(DicomClient client, RemoteAe peer, PrintWriter out) throws IOException;

        static int finish(PrintWriter out, Progress done) {
            out.println(done.succeeded() ? "done: " + done : "failed: " + done);
            return done.succeeded() ? 0 : NETWORK_FAILURE;
        }
    }

    @Command(name = "echo", mixinStandardHelpOptions = true, description = "C-ECHO the PACS or a peer.")
    static class Echo extends NetCommand {
        Echo(DicomNetwork network) {
            super(network);
        }

        @Override
        int run(DicomClient client, RemoteAe peer, PrintWriter out) throws IOException {
            long start = System.nanoTime();
            client.echo(peer);
            out.printf("C-ECHO %s: success (%d ms)%n", peer, (System.nanoTime() - start) / 1_000_000);
            return 0;
        }
    }

    @Command(name = "find", mixinStandardHelpOptions = true,
            description = "C-FIND: one line per match with the requested keys.")
    static class Find extends NetCommand {
        @Mixin
        QueryOptions query;

        Find(DicomNetwork network) {
            super(network);
        }

        @Override
        int run(DicomClient client, RemoteAe peer, PrintWriter out) throws IOException {
            int[] count = {0};
            client.find(peer, query.model(), query.dataset(), match -> {
                count[0]++;
                var line = new StringBuilder();
                for (DicomElement e : match.elements()) {
                    if (!e.isSequence() && !e.tag().equals(LEVEL)) {
                        String keyword = Dictionary.standard(e.tag()) == null ? e.tag().toString()
                                : Dictionary.standard(e.tag()).keyword();
                        line.append(keyword).append('=').append(match.text(e.tag())).append("  ");
                    }
                }
                out.println(line.toString().strip());
            });
            out.println(count[0] + " match(es)");
            return 0;
        }
    }

    @Command(name = "move", mixinStandardHelpOptions = true,
            description = "C-MOVE to a destination AE (default: our own SCP), printing sub-operation progress.")
    static class Move extends NetCommand {
        @Mixin
        QueryOptions query;

        @Option(names = "--dest", description = "move destination AE title (default: consilium.dicom.aet)")
        String destination;

        Move(DicomNetwork network) {
            super(network);
        }

        @Override
        int run(DicomClient client, RemoteAe peer, PrintWriter out) throws IOException {
            String dest = destination == null ? network.config().aet() : destination;
            return finish(out, client.move(peer, query.model(), query.dataset(), dest, p -> {
                out.println("progress: " + p);
                out.flush();
            }));
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "C-GET into a folder (one <SOP Instance UID>.dcm per instance).")
    static class Get extends NetCommand {
        @Mixin
        QueryOptions query;

        @Option(names = "--out", required = true, description = "folder to write the instances to")
        Path folder;

        Get(DicomNetwork network) {
            super(network);
        }

        @Override
        int run(DicomClient client, RemoteAe peer, PrintWriter out) throws IOException {
            return finish(out, client.get(peer, query.model(), query.dataset(), DicomClient.COMMON_STORAGE,
                    new FolderStore(folder), p -> {
                        out.println("progress: " + p);
                        out.flush();
                    }));
        }
    }

    @Command(name = "store", mixinStandardHelpOptions = true,
            description = "C-STORE files (or every .dcm under folders) to the PACS or a peer.")
    static class Store extends NetCommand {
        @Parameters(paramLabel = "FILE|FOLDER", arity = "1..*")
        List<Path> paths;

        Store(DicomNetwork network) {
            super(network);
        }

        @Override
        int run(DicomClient client, RemoteAe peer, PrintWriter out) throws IOException {
            List<Path> files = new ArrayList<>();
            for (Path p : paths) {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> walk = Files.walk(p)) {
                        walk.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".dcm")).sorted()
                                .forEach(files::add);
                    }
                } else {
                    files.add(p);
                }
            }
            long start = System.nanoTime();
            Progress done = client.store(peer, files, p -> {
                if (p.remaining() % 50 == 0 || p.remaining() == 0) {
                    out.println("progress: " + p);
                    out.flush();
                }
            });
            out.printf("%d file(s) in %.1f s%n", files.size(), (System.nanoTime() - start) / 1e9);
            return finish(out, done);
        }
    }
}
