package io.consilium.server.fhir;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.inject.Singleton;
import java.util.List;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ImagingStudy;

/** ImagingStudy: the studies of the built-in archive (read and search; they change only by new instances). */
@Singleton
public class ImagingStudyProvider implements IResourceProvider {

    private final ImagingStudyIndex index;
    private final PatientReferences patients;

    ImagingStudyProvider(ImagingStudyIndex index, PatientReferences patients) {
        this.index = index;
        this.patients = patients;
    }

    @Override
    public Class<ImagingStudy> getResourceType() {
        return ImagingStudy.class;
    }

    @Read
    public ImagingStudy read(@IdParam IdType id, RequestDetails request) {
        return index.study(id.getIdPart()).map(study -> map(study, request))
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "_id") TokenOrListParam ids,
            @OptionalParam(name = ImagingStudy.SP_IDENTIFIER) TokenOrListParam identifiers,
            @OptionalParam(name = ImagingStudy.SP_PATIENT, chainWhitelist = {"", "identifier"}) ReferenceParam patient,
            @OptionalParam(name = ImagingStudy.SP_SUBJECT, chainWhitelist = {"", "identifier"}) ReferenceParam subject,
            @OptionalParam(name = ImagingStudy.SP_STARTED) DateRangeParam started,
            @OptionalParam(name = ImagingStudy.SP_STATUS) TokenParam status,
            @OptionalParam(name = ImagingStudy.SP_MODALITY) TokenOrListParam modality,
            @OptionalParam(name = "based-on", chainWhitelist = {"", "identifier"}) ReferenceParam basedOn,
            // HAPI adds the Patient objects our subject references carry when the client asks for them.
            @IncludeParam(allow = {"ImagingStudy:subject", "ImagingStudy:patient"}) Set<Include> includes,
            RequestDetails request) {
        var uids = new LinkedHashSet<String>();
        if (ids != null) {
            ids.getValuesAsQueryTokens().forEach(token -> uids.add(token.getValue()));
        }
        if (identifiers != null) {
            for (TokenParam token : identifiers.getValuesAsQueryTokens()) {
                String value = token.getValue();
                if (token.getSystem() != null && !token.getSystem().isEmpty()
                        && !token.getSystem().equals(ImagingStudyMapping.DICOM_UID)) {
                    continue;
                }
                uids.add(value.startsWith("urn:oid:") ? value.substring("urn:oid:".length()) : value);
            }
            if (uids.isEmpty()) {
                return PagedSearch.of(List.of());
            }
        }
        if (patient != null && subject != null) {
            throw new InvalidRequestException("Give either patient or subject, not both");
        }
        Optional<String> patientId = Optional.empty();
        ReferenceParam who = patient != null ? patient : subject;
        if (who != null) {
            patientId = SearchParameters.patientId(who, patient != null ? "patient" : "subject", request, patients,
                    fhirId -> index.patientIdFor(fhirId, patients));
            if (patientId.isEmpty()) {
                return PagedSearch.of(List.of());
            }
        }
        Boolean withInstances = null;
        if (status != null) {
            switch (status.getValue()) {
                case "available" -> withInstances = true;
                case "registered" -> withInstances = false;
                case "cancelled", "entered-in-error", "unknown" -> {
                    return PagedSearch.of(List.of());
                }
                default -> throw new InvalidRequestException("Unknown ImagingStudy status '" + status.getValue()
                        + "' (registered, available, cancelled, entered-in-error, unknown)");
            }
        }
        String accession = null;
        if (basedOn != null) {
            accession = SearchParameters.identifier(basedOn, "based-on", request).map(SearchParameters::value)
                    .orElseThrow(() -> new InvalidRequestException("based-on is searched by identifier: "
                            + "based-on:identifier=<accession number>"));
        }
        var search = new StudySearch(uids, patientId.orElse(null), dicomDate(started == null ? null
                : started.getLowerBoundAsInstant()), dicomDate(started == null ? null : started.getUpperBoundAsInstant()),
                SearchParameters.codes(modality, ImagingStudyMapping.DCM), accession, withInstances);
        if (modality != null && search.modalities().isEmpty()) {
            return PagedSearch.of(List.of());
        }
        String dicomWeb = dicomWeb(request);
        return PagedSearch.countingBeyondFirstPage(request, (from, to) -> index.find(search, from, to - from).stream()
                .<IBaseResource>map(study -> ImagingStudyMapping.imagingStudy(study.study(), study.instances(),
                        patients, dicomWeb))
                .toList(), () -> index.count(search));
    }

    private ImagingStudy map(ImagingStudyIndex.StudyRecord study, RequestDetails request) {
        return ImagingStudyMapping.imagingStudy(study.study(), study.instances(), patients, dicomWeb(request));
    }

    /** Our WADO-RS base beside the FHIR base: {@code https://host/fhir} -> {@code https://host/dicomweb}. */
    static String dicomWeb(RequestDetails request) {
        String base = request.getFhirServerBase();
        return base.replaceAll("/fhir/?$", "") + "/dicomweb";
    }

    private static String dicomDate(Date date) {
        if (date == null) {
            return null;
        }
        var format = new SimpleDateFormat("yyyyMMdd");
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        return format.format(date);
    }
}
