package io.consilium.server.dicom;

import io.consilium.audit.Actor;
import io.consilium.audit.AuditEvent;
import io.consilium.audit.Outcome;
import io.consilium.dicom.net.DicomServer;
import io.consilium.dicom.net.Status;
import io.consilium.dicom.net.StoreHandler;
import io.consilium.server.archive.ArchiveReconciliation;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.archive.InstanceConflictException;
import io.consilium.server.archive.InvalidInstanceException;
import io.consilium.server.archive.StoredInstance;
import io.consilium.server.audit.AuditTrail;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The server's SCP: instances pushed or moved to us go into the {@link DicomArchive}; every association leaves
 * one audit record (IHE "DICOM Instances Transferred": peer AE, studies, instance count, outcome).
 */
@ApplicationScoped
public class DicomScp implements StoreHandler {

    private static final Logger LOG = Logger.getLogger(DicomScp.class);

    private final DicomNetwork network;
    private final DicomArchive archive;
    private final AuditTrail audit;
    private final ArchiveReconciliation reconciliation;
    private final Map<Long, Transfer> transfers = new ConcurrentHashMap<>();
    private volatile DicomServer server;

    /** What one association delivered so far. */
    private static final class Transfer {
        final Set<String> studies = new TreeSet<>();
        final Set<String> patients = new TreeSet<>();
        int stored;
        int refused;
    }

    DicomScp(DicomNetwork network, DicomArchive archive, AuditTrail audit, ArchiveReconciliation reconciliation) {
        this.network = network;
        this.archive = archive;
        this.audit = audit;
        this.reconciliation = reconciliation;
    }

    void start(@Observes StartupEvent event) throws IOException {
        DicomConfig config = network.config();
        if (!config.listen()) {
            return;
        }
        // What a crash left half done is repaired before instances arrive again (tools, which never listen, skip it).
        reconciliation.run();
        server = DicomServer.start(network.settings(), config.host(), config.port(), this);
        LOG.infof("DICOM SCP %s on %s:%d", config.aet(), config.host(), server.port());
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }

    /** The port the SCP listens on (the configured one, or the ephemeral one when configured as 0). */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("the DICOM SCP is not listening (consilium.dicom.listen=false)");
        }
        return server.port();
    }

    @Override
    public Path incomingDirectory() {
        return archive.incomingDirectory();
    }

    @Override
    public int stored(ReceivedInstance instance) {
        Transfer transfer = transfers.computeIfAbsent(instance.association().id(), id -> new Transfer());
        try {
            StoredInstance kept = archive.store(instance.file(), "C-STORE:" + instance.association().callingAeTitle());
            synchronized (transfer) {
                transfer.stored++;
                transfer.studies.add(kept.studyInstanceUid());
                if (!kept.patientId().isEmpty()) {
                    transfer.patients.add(kept.patientId());
                }
            }
            return Status.SUCCESS;
        } catch (InvalidInstanceException e) {
            synchronized (transfer) {
                transfer.refused++;
            }
            LOG.warnf("C-STORE from %s refused: %s", instance.association().callingAeTitle(), e.getMessage());
            return e instanceof InstanceConflictException ? Status.DUPLICATE_SOP_INSTANCE
                    : Status.DATA_SET_DOES_NOT_MATCH;
        } catch (UncheckedIOException e) {
            synchronized (transfer) {
                transfer.refused++;
            }
            LOG.errorf("C-STORE from %s could not be archived: %s", instance.association().callingAeTitle(),
                    e.getMessage());
            return Status.OUT_OF_RESOURCES;
        }
    }

    @Override
    public void closed(Association association, String outcome) {
        Transfer transfer = transfers.remove(association.id());
        if (transfer == null) {
            // Echo only: nothing was transferred, nothing to audit.
            return;
        }
        Outcome result = transfer.refused == 0 && "released".equals(outcome) ? Outcome.SUCCESS
                : transfer.stored > 0 ? Outcome.MINOR_FAILURE : Outcome.SERIOUS_FAILURE;
        AuditEvent.Builder event;
        if (transfer.studies.isEmpty()) {
            event = AuditEvent.of(Actor.service("dicom-scp"), "dicom.instances.store", "Device/" + association.callingAeTitle());
        } else {
            var studies = transfer.studies.iterator();
            event = AuditEvent.of(Actor.service("dicom-scp"), "dicom.instances.store", "ImagingStudy/" + studies.next());
            studies.forEachRemaining(s -> event.target("ImagingStudy/" + s));
        }
        event.source(association.callingAeTitle())
                .outcome(result, outcome + "; " + transfer.stored + " stored, " + transfer.refused + " refused")
                .detail("{\"callingAet\":\"" + association.callingAeTitle() + "\",\"calledAet\":\""
                        + association.calledAeTitle() + "\",\"remoteAddress\":\"" + association.remoteAddress()
                        + "\",\"instances\":" + transfer.stored + ",\"refused\":" + transfer.refused + "}");
        if (transfer.patients.size() == 1) {
            event.patient(transfer.patients.iterator().next());
        }
        audit.record(event.build());
    }
}
