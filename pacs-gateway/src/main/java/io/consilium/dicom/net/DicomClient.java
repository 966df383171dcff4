package io.consilium.dicom.net;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.TransferSyntax;
import io.consilium.dicom.VR;
import io.consilium.dicom.internal.DatasetWriter;
import io.consilium.dicom.net.internal.AssociateParams;
import io.consilium.dicom.net.internal.Commands;
import io.consilium.dicom.net.internal.Handshake;
import io.consilium.dicom.net.internal.Link;
import io.consilium.dicom.net.internal.Part10;
import io.consilium.dicom.net.internal.PduException;
import io.consilium.dicom.net.internal.PresentationContext;
import io.consilium.dicom.net.internal.StoreReceiver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Our SCU: C-ECHO, C-FIND, C-MOVE, C-GET and C-STORE, one association per call (requested, used, released;
 * aborted on any failure).
 */
public final class DicomClient {

    /** Storage SOP classes proposed for C-GET when the caller names none (the imaging ones we read). */
    public static final List<String> COMMON_STORAGE = List.of(
            "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.2.1", "1.2.840.10008.5.1.4.1.1.4",
            "1.2.840.10008.5.1.4.1.1.4.1", "1.2.840.10008.5.1.4.1.1.1", "1.2.840.10008.5.1.4.1.1.1.1",
            "1.2.840.10008.5.1.4.1.1.1.2", "1.2.840.10008.5.1.4.1.1.6.1", "1.2.840.10008.5.1.4.1.1.7",
            "1.2.840.10008.5.1.4.1.1.12.1", "1.2.840.10008.5.1.4.1.1.128", "1.2.840.10008.5.1.4.1.1.66.4",
            "1.2.840.10008.5.1.4.1.1.481.1", "1.2.840.10008.5.1.4.1.1.88.22");
    private static final List<String> NATIVE = List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
            TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());
    private static final io.consilium.dicom.Tag QUERY_LEVEL = new io.consilium.dicom.Tag(0x0008, 0x0052);

    private final NetSettings settings;
    private final AtomicLong messageIds = new AtomicLong();
    private final AtomicLong associationIds = new AtomicLong();

    public DicomClient(NetSettings settings) {
        this.settings = settings;
    }

    /** C-ECHO: succeeds when the peer answers with status success. */
    public void echo(RemoteAe peer) throws IOException {
        try (Session s = open(peer, List.of(context(1, DicomServer.VERIFICATION, NATIVE)), Map.of())) {
            int pc = s.context(DicomServer.VERIFICATION);
            s.link.sendCommand(pc, Commands.request(Commands.C_ECHO_RQ, DicomServer.VERIFICATION, nextId(), false));
            Dataset rsp = s.response();
            int status = Commands.status(rsp);
            if (status != Status.SUCCESS) {
                throw new DicomNetException(String.format("C-ECHO to %s answered status 0x%04X", peer, status), status,
                        null);
            }
            s.release();
        }
    }

    /**
     * C-FIND: every match of {@code keys} (which carry the Query/Retrieve Level (0008,0052) and the return
     * keys, with wildcard or range values as PS3.4 C.2.2.2 allows), in the order the peer sends them.
     */
    public List<Dataset> find(RemoteAe peer, QueryModel model, Dataset keys) throws IOException {
        List<Dataset> matches = new ArrayList<>();
        find(peer, model, keys, matches::add);
        return matches;
    }

    public void find(RemoteAe peer, QueryModel model, Dataset keys, Consumer<Dataset> matches) throws IOException {
        requireLevel(keys);
        try (Session s = open(peer, List.of(context(1, model.findSopClass(), NATIVE)), Map.of())) {
            int pc = s.context(model.findSopClass());
            s.link.sendCommand(pc, Commands.request(Commands.C_FIND_RQ, model.findSopClass(), nextId(), true));
            s.link.sendDataSet(pc, keys);
            while (true) {
                Dataset rsp = s.response();
                int status = Commands.status(rsp);
                Dataset identifier = Commands.hasDataSet(rsp) ? s.link.readDataSet() : null;
                if (status == Status.PENDING || status == Status.PENDING_WARNING) {
                    if (identifier != null) {
                        matches.accept(identifier);
                    }
                    continue;
                }
                if (status != Status.SUCCESS) {
                    s.release();
                    throw new DicomNetException(String.format("C-FIND at %s failed with status 0x%04X%s", peer, status,
                            comment(rsp)), status, null);
                }
                s.release();
                return;
            }
        }
    }

    /**
     * C-MOVE: asks {@code peer} to send what {@code keys} select to {@code destination} (an AE the peer knows,
     * typically our own SCP). Returns the final sub-operation counts; {@code progress} sees every response.
     */
    public Progress move(RemoteAe peer, QueryModel model, Dataset keys, String destination,
            Consumer<Progress> progress) throws IOException {
        requireLevel(keys);
        try (Session s = open(peer, List.of(context(1, model.moveSopClass(), NATIVE)), Map.of())) {
            int pc = s.context(model.moveSopClass());
            Dataset rq = Commands.request(Commands.C_MOVE_RQ, model.moveSopClass(), nextId(), true);
            rq.putString(Commands.MOVE_DESTINATION, VR.AE, AeTitles.check(destination));
            s.link.sendCommand(pc, rq);
            s.link.sendDataSet(pc, keys);
            while (true) {
                Dataset rsp = s.response();
                if (Commands.hasDataSet(rsp)) {
                    s.link.skipDataSet();
                }
                Progress p = progress(rsp);
                progress.accept(p);
                if (!p.pending()) {
                    s.release();
                    return p;
                }
            }
        }
    }

    /**
     * C-GET: retrieves what {@code keys} select over this association; each instance reaches {@code sink}
     * like a C-STORE to our SCP. {@code sopClasses} are the storage SOP classes we offer to receive.
     */
    public Progress get(RemoteAe peer, QueryModel model, Dataset keys, List<String> sopClasses, StoreHandler sink,
            Consumer<Progress> progress) throws IOException {
        requireLevel(keys);
        List<PresentationContext> proposed = new ArrayList<>();
        proposed.add(context(1, model.getSopClass(), NATIVE));
        Map<String, boolean[]> roles = new LinkedHashMap<>();
        for (String sopClass : new LinkedHashSet<>(sopClasses)) {
            proposed.add(context(proposed.size() * 2 + 1, sopClass, NATIVE));
            roles.put(sopClass, new boolean[] {false, true});
        }
        try (Session s = open(peer, proposed, roles)) {
            int pc = s.context(model.getSopClass());
            s.link.sendCommand(pc, Commands.request(Commands.C_GET_RQ, model.getSopClass(), nextId(), true));
            s.link.sendDataSet(pc, keys);
            var receiver = new StoreReceiver(sink);
            var association = new StoreHandler.Association(associationIds.incrementAndGet(), peer.aeTitle(),
                    settings.aeTitle(), s.link.remoteAddress(), null);
            String outcome = "failed";
            try {
                while (true) {
                    Dataset command = s.link.readCommand();
                    if (command == null) {
                        throw new PduException("A-RELEASE-RQ from the C-GET SCP", PduException.UNEXPECTED_PDU);
                    }
                    if (Commands.field(command) == Commands.C_STORE_RQ) {
                        receiver.receive(s.link, command, association);
                        continue;
                    }
                    if (Commands.field(command) != (Commands.C_GET_RQ | Commands.RESPONSE)) {
                        throw new PduException("unexpected command 0x" + Integer.toHexString(Commands.field(command))
                                + " during C-GET", PduException.UNEXPECTED_PARAMETER);
                    }
                    if (Commands.hasDataSet(command)) {
                        s.link.skipDataSet();
                    }
                    Progress p = progress(command);
                    progress.accept(p);
                    if (!p.pending()) {
                        s.release();
                        outcome = "released";
                        return p;
                    }
                }
            } finally {
                sink.closed(association, outcome);
            }
        }
    }

    /**
     * C-STORE: sends Part 10 files, each in its own transfer syntax when the peer accepts it (the data set bytes
     * go out as they are on disk), else decoded to a native syntax the peer accepts. A file the peer refuses
     * counts as failed and the others still go.
     */
    public Progress store(RemoteAe peer, List<Path> files, Consumer<Progress> progress) throws IOException {
        List<Part10.Header> headers = new ArrayList<>();
        for (Path file : files) {
            headers.add(Part10.read(file));
        }
        Map<String, Set<String>> wanted = new LinkedHashMap<>();
        for (Part10.Header h : headers) {
            wanted.computeIfAbsent(h.sopClassUid(), k -> new LinkedHashSet<>()).add(h.transferSyntaxUid());
        }
        List<PresentationContext> proposed = new ArrayList<>();
        wanted.forEach((sopClass, syntaxes) -> {
            for (String ts : syntaxes) {
                if (!NATIVE.contains(ts)) {
                    proposed.add(context(proposed.size() * 2 + 1, sopClass, List.of(ts)));
                }
            }
            proposed.add(context(proposed.size() * 2 + 1, sopClass, NATIVE));
        });
        if (proposed.size() > 128) {
            throw new DicomNetException("the files need " + proposed.size() + " presentation contexts; 128 is the "
                    + "most one association carries: send them in smaller groups");
        }
        int completed = 0;
        int failed = 0;
        int warning = 0;
        try (Session s = open(peer, proposed, Map.of())) {
            for (int i = 0; i < files.size(); i++) {
                Part10.Header h = headers.get(i);
                int pc = s.link.context(h.sopClassUid(), h.transferSyntaxUid());
                int status;
                if (pc < 0) {
                    status = Status.SOP_CLASS_NOT_SUPPORTED;
                } else {
                    Dataset rq = Commands.request(Commands.C_STORE_RQ, h.sopClassUid(), nextId(), true);
                    rq.putString(Commands.AFFECTED_SOP_INSTANCE, VR.UI, h.sopInstanceUid());
                    s.link.sendCommand(pc, rq);
                    String accepted = s.link.acceptedContext(pc).transferSyntax();
                    if (accepted.equals(h.transferSyntaxUid())) {
                        try (FileChannel channel = FileChannel.open(files.get(i), StandardOpenOption.READ)) {
                            s.link.sendDataSet(pc, channel, h.dataSetOffset(), h.size() - h.dataSetOffset());
                        }
                    } else {
                        s.link.sendDataSet(pc, transcode(files.get(i), TransferSyntax.ofUid(accepted)));
                    }
                    status = Commands.status(s.response());
                }
                if (status == Status.SUCCESS) {
                    completed++;
                } else if ((status & 0xF000) == 0xB000) {
                    warning++;
                } else {
                    failed++;
                }
                progress.accept(new Progress(files.size() - i - 1, completed, failed, warning,
                        i == files.size() - 1 ? finalStatus(failed, warning) : Status.PENDING));
            }
            s.release();
        }
        return new Progress(0, completed, failed, warning, finalStatus(failed, warning));
    }

    private static int finalStatus(int failed, int warning) {
        return failed + warning == 0 ? Status.SUCCESS : Status.WARNING;
    }

    private static byte[] transcode(Path file, TransferSyntax target) throws IOException {
        DicomFile dicom;
        try {
            dicom = DicomFile.read(file).transcode(target);
        } catch (io.consilium.dicom.DicomParseException e) {
            throw new DicomNetException(file.getFileName() + " cannot be read to convert it: " + e.getMessage(), e);
        }
        var out = new ByteArrayOutputStream(1 << 16);
        new DatasetWriter(out, target.isExplicitVr()).write(dicom.dataset());
        return out.toByteArray();
    }

    private static Progress progress(Dataset rsp) {
        return new Progress(rsp.intValue(Commands.REMAINING, 0), rsp.intValue(Commands.COMPLETED, 0),
                rsp.intValue(Commands.FAILED, 0), rsp.intValue(Commands.WARNING, 0), Commands.status(rsp));
    }

    private static String comment(Dataset rsp) {
        String text = rsp.string(Commands.ERROR_COMMENT);
        return text == null ? "" : " (" + text + ")";
    }

    private static void requireLevel(Dataset keys) {
        if (keys.string(QUERY_LEVEL) == null) {
            throw new IllegalArgumentException("the keys need a Query/Retrieve Level (0008,0052)");
        }
    }

    private int nextId() {
        return (int) (messageIds.incrementAndGet() % 0xFFFF) + 1;
    }

    private static PresentationContext context(int id, String abstractSyntax, List<String> syntaxes) {
        return new PresentationContext(id, abstractSyntax, syntaxes, 0);
    }

    private Session open(RemoteAe peer, List<PresentationContext> contexts, Map<String, boolean[]> roles)
            throws IOException {
        var rq = new AssociateParams();
        rq.contexts.addAll(contexts);
        rq.roles.putAll(roles);
        return new Session(Handshake.connect(settings, peer, rq), peer);
    }

    /** One association of one call: aborted on close unless released. */
    private static final class Session implements AutoCloseable {
        final Link link;
        final RemoteAe peer;

        Session(Link link, RemoteAe peer) {
            this.link = link;
            this.peer = peer;
        }

        int context(String abstractSyntax) throws DicomNetException {
            int pc = link.context(abstractSyntax, null);
            if (pc < 0) {
                link.abortAsUser();
                throw new DicomNetException(peer + " accepted no presentation context for " + abstractSyntax);
            }
            return pc;
        }

        Dataset response() throws IOException {
            Dataset rsp = link.readCommand();
            if (rsp == null) {
                throw new PduException("A-RELEASE-RQ from " + peer + " while a response was due",
                        PduException.UNEXPECTED_PDU);
            }
            if ((Commands.field(rsp) & Commands.RESPONSE) == 0) {
                throw new PduException("a request from " + peer + " while a response was due",
                        PduException.UNEXPECTED_PARAMETER);
            }
            return rsp;
        }

        void release() throws IOException {
            link.release();
        }

        @Override
        public void close() {
            if (!link.isClosed()) {
                link.abortAsUser();
            }
        }
    }
}
