package io.consilium.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditChainTest {

    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    @Test
    void intactChainVerifiesWithItsRecordCount() {
        assertThat(AuditChain.verify("main", chain(5)))
                .isEqualTo(new ChainVerification("main", true, 5, 0, -1, ""));
    }

    @Test
    void alteredOutcomeIsDetectedAtThatRecord() {
        List<SealedRecord> records = chain(5);
        SealedRecord third = records.get(2);
        AuditEvent forged = AuditEvent.of(third.event().actor(), third.event().action(), "Task/3")
                .at(third.event().recordedAt()).outcome(Outcome.SUCCESS, "approved").build();
        records.set(2, new SealedRecord("main", 3, forged, third.previousHash(), third.hash()));

        ChainVerification result = AuditChain.verify("main", records);

        assertThat(result.intact()).isFalse();
        assertThat(result.firstBrokenSequence()).isEqualTo(3);
        assertThat(result.verifiedRecords()).isEqualTo(2);
        assertThat(result.reason()).contains("content does not match its hash");
        assertThat(result.summary()).contains("BROKEN at record #3");
    }

    @Test
    void deletedRecordIsDetectedAndNamed() {
        List<SealedRecord> records = chain(5);
        records.remove(1);
        ChainVerification result = AuditChain.verify("main", records);
        assertThat(result.firstBrokenSequence()).isEqualTo(2);
        assertThat(result.reason()).contains("record(s) #2 missing before #3");
    }

    @Test
    void reorderedRecordsAreDetected() {
        List<SealedRecord> records = chain(5);
        Collections.swap(records, 3, 4);
        assertThat(AuditChain.verify("main", records).firstBrokenSequence()).isEqualTo(4);
    }

    @Test
    void renumberedRecordsAreDetectedByTheirHash() {
        List<SealedRecord> records = chain(5);
        SealedRecord fourth = records.get(3);
        SealedRecord fifth = records.get(4);
        records.set(3, new SealedRecord("main", 4, fifth.event(), fourth.previousHash(), fifth.hash()));
        records.set(4, new SealedRecord("main", 5, fourth.event(), fifth.previousHash(), fourth.hash()));
        assertThat(AuditChain.verify("main", records).firstBrokenSequence()).isEqualTo(4);
    }

    @Test
    void rehashedForgeryStillBreaksTheNextLink() {
        List<SealedRecord> records = chain(4);
        SealedRecord second = records.get(1);
        AuditEvent forged = AuditEvent.of(Actor.user("dr.mallory", "radiologist"), second.event().action(), "Task/2")
                .at(T0).build();
        records.set(1, AuditChain.seal("main", 2, forged, second.previousHash()));

        ChainVerification result = AuditChain.verify("main", records);

        assertThat(result.firstBrokenSequence()).isEqualTo(3);
        assertThat(result.reason()).contains("previous-hash link");
    }

    @Test
    void aRecordMovedToAnotherStreamDoesNotVerifyThere() {
        SealedRecord record = chain(1).get(0);
        SealedRecord moved = new SealedRecord("other", 1, record.event(), record.previousHash(), record.hash());
        assertThat(AuditChain.verify("other", List.of(moved)).reason()).contains("content does not match");
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        AuditEvent a = AuditEvent.of(Actor.service("ab"), "c", "r").at(T0).build();
        AuditEvent b = AuditEvent.of(Actor.service("a"), "bc", "r").at(T0).build();
        assertThat(AuditChain.seal("main", 1, a, AuditChain.GENESIS).hash())
                .isNotEqualTo(AuditChain.seal("main", 1, b, AuditChain.GENESIS).hash());
    }

    @Test
    void everyFieldIsCoveredByTheHash() {
        AuditEvent base = AuditEvent.of(Actor.model("deferred-seg", "1.0", "sha256:aa"), "seg.infer", "Task/1")
                .at(T0).patient("PID-1").source("10.0.0.1").input("image", "sha256:11").output("mask", "sha256:22")
                .detail("{}").build();
        String hash = AuditChain.seal("main", 1, base, AuditChain.GENESIS).hash();
        List<AuditEvent> variants = List.of(
                AuditEvent.of(Actor.model("deferred-seg", "1.1", "sha256:aa"), "seg.infer", "Task/1").at(T0)
                        .patient("PID-1").source("10.0.0.1").input("image", "sha256:11").output("mask", "sha256:22")
                        .detail("{}").build(),
                AuditEvent.of(base.actor(), "seg.infer", "Task/1").at(T0).patient("PID-2").source("10.0.0.1")
                        .input("image", "sha256:11").output("mask", "sha256:22").detail("{}").build(),
                AuditEvent.of(base.actor(), "seg.infer", "Task/1").at(T0).patient("PID-1").source("10.0.0.1")
                        .input("image", "sha256:12").output("mask", "sha256:22").detail("{}").build(),
                AuditEvent.of(base.actor(), "seg.infer", "Task/1").at(T0.plusNanos(1000)).patient("PID-1")
                        .source("10.0.0.1").input("image", "sha256:11").output("mask", "sha256:22").detail("{}")
                        .build());
        variants.forEach(variant -> assertThat(AuditChain.seal("main", 1, variant, AuditChain.GENESIS).hash())
                .isNotEqualTo(hash));
    }

    @Test
    void thePatientIdNeverAppearsInTheEventsText() {
        AuditEvent event = AuditEvent.of(Actor.user("dr.house", "radiologist"), "study.read", "ImagingStudy/1.2.3")
                .patient("PID-4711").build();
        assertThat(event.toString()).doesNotContain("PID-4711").contains("patient <protected>");
    }

    static List<SealedRecord> chain(int n) {
        List<SealedRecord> records = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        for (int i = 1; i <= n; i++) {
            AuditEvent event = AuditEvent.of(Actor.user("dr.house", "radiologist"), "task.complete", "Task/" + i)
                    .at(T0.plusSeconds(i)).detail("{\"pixels\":" + (100 * i) + "}").build();
            SealedRecord record = AuditChain.seal("main", i, event, previous);
            records.add(record);
            previous = record.hash();
        }
        return records;
    }
}
