package io.consilium.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchConditionsTest {

    @Test
    void onlyTheGivenCriteriaBecomeConditions() {
        var instance = new SearchConditions().and("i.patient_id = :pid", "pid", "PID-1")
                .and("i.modality in (:modalities)", "modalities", Set.of());
        var conditions = new SearchConditions()
                .and("s.uid in (:uids)", "uids", List.of())
                .and("s.date >= :from", "from", null)
                .and(instance, inner -> "s.uid in (select i.uid from instance i where " + inner + ")")
                .and(true, "exists (select 1 from instance a)")
                .and(false, "not exists (select 1 from instance a)");

        assertThat(conditions.where()).isEqualTo(" where s.uid in (select i.uid from instance i where "
                + "i.patient_id = :pid) and exists (select 1 from instance a)");
        assertThat(conditions.andAll()).startsWith(" and s.uid in (select");
    }

    @Test
    void noCriteriaMeansNoWhereClause() {
        var none = new SearchConditions().and("s.uid = :uid", "uid", null)
                .and(new SearchConditions(), inner -> "never (" + inner + ")");

        assertThat(none.where()).isEmpty();
        assertThat(none.andAll()).isEmpty();
    }
}
