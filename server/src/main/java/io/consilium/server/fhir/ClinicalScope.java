package io.consilium.server.fhir;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import io.consilium.server.security.ClinicalArea;
import io.consilium.server.security.FhirGrants;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Singleton;
import java.util.Locale;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * The clinical areas the caller of this request reads, for resource types that hold records of both (a
 * DocumentReference is a SEG or an abutment design): reads outside them are refused, searches leave them out.
 */
@Singleton
class ClinicalScope {

    private final SecurityIdentity caller;

    ClinicalScope(SecurityIdentity caller) {
        this.caller = caller;
    }

    boolean sees(ClinicalArea area) {
        return FhirGrants.of(caller).permitsArea(area);
    }

    /** {@code resource} if the caller reads its area; a 403 naming the area otherwise. */
    <T> T require(ClinicalArea area, T resource, IIdType id) {
        if (!sees(area)) {
            throw new ForbiddenOperationException(id.toUnqualifiedVersionless().getValue() + " is a "
                    + area.name().toLowerCase(Locale.ROOT) + " record, outside the caller's clinical areas");
        }
        return resource;
    }
}
