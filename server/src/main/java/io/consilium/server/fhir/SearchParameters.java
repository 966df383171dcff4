package io.consilium.server.fhir;

import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** Turns HAPI's parsed search parameters into our criteria; what we cannot honour is refused, never ignored. */
final class SearchParameters {

    private SearchParameters() {
    }

    /**
     * The Patient ID a patient/subject reference designates: {@code patient=Patient/ID},
     * {@code patient:identifier=system|value} or {@code patient.identifier=system|value}. Empty when the
     * reference names a patient unknown here (the search then matches nothing).
     */
    static Optional<String> patientId(ReferenceParam reference, PatientReferences patients,
            java.util.function.Function<String, Optional<String>> resolveId) {
        if (reference == null) {
            return Optional.empty();
        }
        String chain = reference.getChain();
        if ("identifier".equals(chain) || ":identifier".equals(reference.getQueryParameterQualifier())) {
            String value = reference.getValue();
            int bar = value.indexOf('|');
            if (bar >= 0) {
                String system = value.substring(0, bar);
                if (!system.isEmpty() && !system.equals(patients.system())) {
                    return Optional.empty();
                }
                value = value.substring(bar + 1);
            }
            return Optional.of(value);
        }
        if (chain != null && !chain.isEmpty()) {
            throw new InvalidRequestException("Chained search on '" + chain + "' is not supported; use "
                    + "patient=Patient/ID or patient:identifier=system|value");
        }
        if (reference.getResourceType() != null && !"Patient".equals(reference.getResourceType())) {
            throw new InvalidRequestException("The reference must be to a Patient, was " + reference.getResourceType());
        }
        return resolveId.apply(reference.getIdPart());
    }

    /** Codes of a token list, checking the system where one is given. */
    static Set<String> codes(TokenOrListParam tokens, String system) {
        var codes = new LinkedHashSet<String>();
        if (tokens != null) {
            for (TokenParam token : tokens.getValuesAsQueryTokens()) {
                if (token.getSystem() == null || token.getSystem().isEmpty() || token.getSystem().equals(system)) {
                    codes.add(token.getValue());
                }
            }
        }
        return codes;
    }

    static Instant lower(DateRangeParam range) {
        Date date = range == null ? null : range.getLowerBoundAsInstant();
        return date == null ? null : date.toInstant();
    }

    /** Exclusive upper bound. */
    static Instant upper(DateRangeParam range) {
        Date date = range == null ? null : range.getUpperBoundAsInstant();
        return date == null ? null : date.toInstant().plusMillis(1);
    }
}
