package io.consilium.server.abutment;

import io.consilium.abutment.AbutmentProposal;
import io.consilium.server.fhir.AbutmentDesignView;
import io.consilium.server.fhir.AbutmentDesigns;
import io.consilium.server.fhir.ClinicalResults;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
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
        var where = new StringBuilder("where 1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (criteria.patientId() != null) {
            where.append(" and patientId = :patient");
            parameters.put("patient", criteria.patientId());
        }
        if (criteria.from() != null) {
            where.append(" and coalesce(decidedAt, createdAt) >= :from");
            parameters.put("from", criteria.from());
        }
        if (criteria.to() != null) {
            where.append(" and coalesce(decidedAt, createdAt) < :to");
            parameters.put("to", criteria.to());
        }
        if (!statuses.isEmpty()) {
            where.append(" and status in :statuses");
            parameters.put("statuses", statuses.stream().map(Enum::name).toList());
        }
        SelectionQuery<AbutmentCaseRow> query = session.createSelectionQuery("from AbutmentCaseRow " + where
                + " order by coalesce(decidedAt, createdAt) desc, id", AbutmentCaseRow.class);
        parameters.forEach(query::setParameter);
        return query.getResultList().stream().map(this::view).toList();
    }

    @Override
    @Transactional
    public Map<Integer, byte[]> stls(String id) {
        return cases.stls(id);
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
