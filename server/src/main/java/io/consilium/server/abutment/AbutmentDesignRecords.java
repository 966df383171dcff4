package io.consilium.server.abutment;

import io.consilium.abutment.AbutmentProposal;
import io.consilium.server.fhir.AbutmentDesignView;
import io.consilium.server.fhir.AbutmentDesigns;
import io.consilium.server.fhir.ClinicalResults;
import io.consilium.server.platform.SearchConditions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;
import org.hibernate.query.SelectionQuery;

/** Abutment cases as the FHIR facade reads them; filtering happens in the database. */
@ApplicationScoped
class AbutmentDesignRecords implements AbutmentDesigns {

    private final Session session;
    private final AbutmentCases cases;

    AbutmentDesignRecords(Session session, AbutmentCases cases) {
        this.session = session;
        this.cases = cases;
    }

    @Override
    @Transactional
    public Optional<AbutmentDesignView> design(String id) {
        return Optional.ofNullable(session.find(AbutmentCaseRow.class, id)).map(this::view);
    }

    @Override
    @Transactional
    public List<AbutmentDesignView> designs(ClinicalResults.Criteria criteria,
            Set<AbutmentDesignView.Status> statuses) {
        if (criteria.studyInstanceUid() != null || criteria.accessionNumber() != null) {
            return List.of();
        }
        var conditions = new SearchConditions()
                .and("patientId = :patient", "patient", criteria.patientId())
                .and("coalesce(decidedAt, createdAt) >= :from", "from", criteria.from())
                .and("coalesce(decidedAt, createdAt) < :to", "to", criteria.to())
                .and("status in :statuses", "statuses", statuses.stream().map(Enum::name).toList());
        SelectionQuery<AbutmentCaseRow> query = conditions.bind(session.createSelectionQuery("from AbutmentCaseRow"
                + conditions.where() + " order by coalesce(decidedAt, createdAt) desc, id", AbutmentCaseRow.class));
        return query.getResultList().stream().map(this::view).toList();
    }

    @Override
    @Transactional
    public Map<Integer, byte[]> stls(String id) {
        return cases.stls(id);
    }

    @Override
    @Transactional
    public Optional<byte[]> stl(String id, int tooth) {
        return cases.stl(id, tooth);
    }

    @Override
    @Transactional
    public boolean patientKnown(String patientId) {
        return !session.createSelectionQuery("select 1 from AbutmentCaseRow where patientId = :patient", Integer.class)
                .setParameter("patient", patientId).setMaxResults(1).getResultList().isEmpty();
    }

    @Override
    @Transactional
    public List<String> patientIds() {
        return session.createSelectionQuery(
                "select distinct patientId from AbutmentCaseRow where patientId is not null", String.class)
                .getResultList();
    }

    private AbutmentDesignView view(AbutmentCaseRow row) {
        List<Integer> teeth = cases.currentDesign(row).abutments().stream().filter(AbutmentProposal.Abutment::feasible)
                .map(AbutmentProposal.Abutment::tooth).toList();
        return new AbutmentDesignView(row.id, row.caseId, AbutmentDesignView.Status.valueOf(row.status), row.patientId,
                row.modelVersion, row.createdBy, row.createdAt, row.decidedBy, row.decidedAt, cases.edited(row),
                row.reason, teeth);
    }
}
