package io.consilium.server.fhir;

import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.RequestDetails;
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
import java.util.function.Function;

/** Turns HAPI's parsed search parameters into our criteria; what we cannot honour is refused, never ignored. */
final class SearchParameters {

    private SearchParameters() {
    }

    /**
     * The {@code system|value} of a reference search given by identifier: {@code name:identifier=system|value}
     * (read from the raw query: HAPI takes the {@code :identifier} modifier for a resource type) or
     * {@code name.identifier=system|value}.
     */
    static Optional<String> identifier(ReferenceParam reference, String name, RequestDetails request) {
        String[] raw = request.getParameters().get(name + ":identifier");
        if (raw != null && raw.length > 0) {
            return Optional.of(raw[0]);
        }
        if (reference != null && "identifier".equals(reference.getChain())) {
            return Optional.of(reference.getValue());
        }
        return Optional.empty();
    }

    /** The value part of {@code system|value} (or the whole token without a system). */
    static String value(String token) {
        return token.substring(token.indexOf('|') + 1);
    }

    /**
     * The Patient ID a patient/subject reference designates: {@code patient=Patient/ID},
     * {@code patient:identifier=system|value} or {@code patient.identifier=system|value}. Empty when the
     * reference names a patient unknown here (the search then matches nothing).
     */
    static Optional<String> patientId(ReferenceParam reference, String name, RequestDetails request,
            PatientReferences patients, Function<String, Optional<String>> resolveId) {
        Optional<String> identifier = identifier(reference, name, request);
        if (identifier.isPresent()) {
            String token = identifier.get();
            int bar = token.indexOf('|');
            if (bar > 0 && !token.substring(0, bar).equals(patients.system())) {
                return Optional.empty();
            }
            return Optional.of(value(token));
        }
        if (reference.getChain() != null && !reference.getChain().isEmpty()) {
            throw new InvalidRequestException("Chained search on '" + reference.getChain() + "' is not supported; use "
                    + name + "=Patient/ID or " + name + ":identifier=system|value");
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

    /** The ids a {@code _id} list names; empty when none is given. */
    static Set<String> ids(TokenOrListParam ids) {
        var values = new LinkedHashSet<String>();
        if (ids != null) {
            ids.getValuesAsQueryTokens().forEach(token -> values.add(token.getValue()));
        }
        return values;
    }

    /**
     * Whether {@code _sort} asks for the oldest first: {@code _sort=name} (ascending) or {@code _sort=-name}
     * (descending, the default). Any other sort is refused: a client must not take our order for theirs.
     */
    static boolean ascendingBy(SortSpec sort, String name) {
        if (sort == null) {
            return false;
        }
        if (!name.equals(sort.getParamName()) || sort.getChain() != null) {
            throw new InvalidRequestException("Results are sorted by " + name + " only: _sort=" + name + " or _sort=-"
                    + name);
        }
        return sort.getOrder() != SortOrderEnum.DESC;
    }
}
