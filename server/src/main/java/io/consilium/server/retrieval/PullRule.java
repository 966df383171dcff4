package io.consilium.server.retrieval;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.Tag;
import io.consilium.dicom.VR;
import io.consilium.dicom.net.QueryModel;
import io.consilium.server.dicom.DicomNetwork;
import io.consilium.server.study.StudyCatalog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * The pull rule ({@code consilium.retrieval.pull.*}): every interval, asks the PACS by C-FIND for the studies of
 * the configured modalities dated within the look-back window, and queues a durable {@link StudyRetrieval} for
 * each one not seen before. Each study is claimed once in the database, so several server instances polling the
 * same PACS pull it once; a study the archive already holds (pushed to us) is claimed without a retrieval.
 */
@ApplicationScoped
public class PullRule {

    static final String REQUESTER = "pull rule";

    private static final Logger LOG = Logger.getLogger(PullRule.class);
    private static final Tag STUDY_DATE = new Tag(0x0008, 0x0020);
    private static final Tag MODALITIES_IN_STUDY = new Tag(0x0008, 0x0061);

    private final Session session;
    private final DicomNetwork network;
    private final StudyRetrieval retrieval;
    private final StudyCatalog catalog;
    private final RetrievalConfig.PullRule config;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService timer;

    PullRule(Session session, DicomNetwork network, StudyRetrieval retrieval, StudyCatalog catalog,
            RetrievalConfig config) {
        this.session = session;
        this.network = network;
        this.retrieval = retrieval;
        this.catalog = catalog;
        this.config = config.pull();
    }

    /** After {@link StudyRetrieval} has started (default observer priority), which the first round needs. */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent event) {
        if (!config.enabled() || !network.config().listen()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pull-rule");
            t.setDaemon(true);
            return t;
        });
        long every = config.interval().toMillis();
        timer.scheduleWithFixedDelay(this::poll, 0, every, TimeUnit.MILLISECONDS);
        LOG.infof("pull rule: studies with modality %s from the last %d day(s) are retrieved from %s every %s",
                config.modalities(), config.lookbackDays(), network.pacs(), config.interval());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** One round: query, claim, queue. A PACS that cannot be reached is tried again next round. */
    void poll() {
        try {
            int queued = 0;
            for (String study : candidates()) {
                if (!claim(study)) {
                    continue;
                }
                try {
                    if (catalog.find(study).isEmpty()) {
                        retrieval.request(study, REQUESTER);
                        queued++;
                    }
                } catch (RuntimeException e) {
                    release(study);
                    throw e;
                }
            }
            if (queued > 0) {
                LOG.infof("pull rule: %d new stud%s queued for retrieval", queued, queued == 1 ? "y" : "ies");
            }
        } catch (IOException e) {
            LOG.warnf("pull rule: querying %s failed (%s); trying again in %s", network.pacs(), e.getMessage(),
                    config.interval());
        } catch (RuntimeException e) {
            LOG.error("pull rule: round failed; trying again in " + config.interval(), e);
        }
    }

    private Set<String> candidates() throws IOException {
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.systemDefault()));
        String dates = today.minusDays(config.lookbackDays()).format(DateTimeFormatter.BASIC_ISO_DATE) + "-";
        Set<String> studies = new TreeSet<>();
        for (String modality : config.modalities()) {
            Dataset keys = new Dataset();
            keys.putString(StudyRetrieval.LEVEL, VR.CS, "STUDY");
            keys.putString(StudyRetrieval.STUDY_INSTANCE_UID, VR.UI, "");
            keys.putString(STUDY_DATE, VR.DA, dates);
            keys.putString(MODALITIES_IN_STUDY, VR.CS, modality);
            network.client().find(network.pacs(), QueryModel.STUDY_ROOT, keys, match -> {
                String uid = match.string(StudyRetrieval.STUDY_INSTANCE_UID);
                if (uid != null && !uid.isBlank()) {
                    studies.add(uid.trim());
                }
            });
        }
        return studies;
    }

    /** Gives a claim back when its retrieval could not be queued, so the next round tries again. */
    private void release(String study) {
        QuarkusTransaction.requiringNew().run(() -> session.createNativeMutationQuery(
                "delete from pulled_study where study_instance_uid = :study").setParameter("study", study)
                .executeUpdate());
    }

    /** True for the one instance whose insert wins; the study is never pulled by the rule again. */
    private boolean claim(String study) {
        return QuarkusTransaction.requiringNew().call(() -> session.createNativeMutationQuery("""
                        insert into pulled_study (study_instance_uid, claimed_at) values (:study, :now)
                        on conflict do nothing""")
                .setParameter("study", study).setParameter("now", clock.instant()).executeUpdate()) == 1;
    }
}
