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
        assertThat(AuditChain.verify(chain(5))).isEqualTo(new ChainVerification(true, 5, -1, ""));
    }

    @Test
    void alteredOutcomeIsDetectedAtThatRecord() {
        List<SealedRecord> records = chain(5);
        SealedRecord third = records.get(2);
        AuditEvent forged = new AuditEvent(third.event().recordedAt(), third.event().actor(),
                third.event().action(), third.event().resource(), "success: approved", "");
        records.set(2, new SealedRecord(3, forged, third.previousHash(), third.hash()));

        ChainVerification result = AuditChain.verify(records);

        assertThat(result.intact()).isFalse();
        assertThat(result.firstBrokenSequence()).isEqualTo(3);
        assertThat(result.verifiedRecords()).isEqualTo(2);
        assertThat(result.reason()).contains("content does not match its hash");
    }

    @Test
    void deletedRecordIsDetected() {
        List<SealedRecord> records = chain(5);
        records.remove(1);
        assertThat(AuditChain.verify(records).firstBrokenSequence()).isEqualTo(3);
    }

    @Test
    void reorderedRecordsAreDetected() {
        List<SealedRecord> records = chain(5);
        Collections.swap(records, 3, 4);
        assertThat(AuditChain.verify(records).firstBrokenSequence()).isEqualTo(5);
    }

    @Test
    void rehashedForgeryStillBreaksTheNextLink() {
        List<SealedRecord> records = chain(4);
        SealedRecord second = records.get(1);
        AuditEvent forged = new AuditEvent(T0, "dr.mallory", second.event().action(), second.event().resource(),
                second.event().outcome(), "");
        records.set(1, AuditChain.seal(2, forged, second.previousHash()));

        ChainVerification result = AuditChain.verify(records);

        assertThat(result.firstBrokenSequence()).isEqualTo(3);
        assertThat(result.reason()).contains("previous-hash link");
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        AuditEvent a = new AuditEvent(T0, "ab", "c", "r", "success", "");
        AuditEvent b = new AuditEvent(T0, "a", "bc", "r", "success", "");
        assertThat(AuditChain.seal(1, a, AuditChain.GENESIS).hash())
                .isNotEqualTo(AuditChain.seal(1, b, AuditChain.GENESIS).hash());
    }

    private static List<SealedRecord> chain(int n) {
        List<SealedRecord> records = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        for (int i = 1; i <= n; i++) {
            AuditEvent event = new AuditEvent(T0.plusSeconds(i), "dr.house", "task.complete",
                    "Task/" + i, "success", "{\"pixels\":" + (100 * i) + "}");
            SealedRecord record = AuditChain.seal(i, event, previous);
            records.add(record);
            previous = record.hash();
        }
        return records;
    }
}
