package io.consilium.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** HAPI FHIR's instance validator against base R4 (offline), built once per test JVM: its start-up is slow. */
public final class FhirValidation {

    public static final FhirContext CONTEXT = FhirContext.forR4Cached();
    private static FhirValidator validator;

    private FhirValidation() {
    }

    /** Errors and fatal issues, as "location: message" lines; empty when the resource is valid. */
    public static synchronized List<String> errors(IBaseResource resource) {
        if (validator == null) {
            var chain = new ValidationSupportChain(
                    new DefaultProfileValidationSupport(CONTEXT),
                    new CommonCodeSystemsTerminologyService(CONTEXT),
                    new InMemoryTerminologyServerValidationSupport(CONTEXT),
                    new SnapshotGeneratingValidationSupport(CONTEXT));
            validator = CONTEXT.newValidator();
            validator.registerValidatorModule(new FhirInstanceValidator(chain));
        }
        return validator.validateWithResult(resource).getMessages().stream()
                .filter(message -> message.getSeverity() == ResultSeverityEnum.ERROR
                        || message.getSeverity() == ResultSeverityEnum.FATAL)
                .map(message -> message.getLocationString() + ": " + message.getMessage())
                .toList();
    }

    /** Parses a response body (JSON or XML) and validates it. */
    public static List<String> errors(String body) {
        return errors(body.trim().startsWith("<") ? CONTEXT.newXmlParser().parseResource(body)
                : CONTEXT.newJsonParser().parseResource(body));
    }
}
