package io.consilium.server.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.IdType;

/** Device: each AI model version this installation runs. */
@Singleton
public class DeviceProvider implements IResourceProvider {

    private final AiModels models;

    DeviceProvider(AiModels models) {
        this.models = models;
    }

    @Override
    public Class<Device> getResourceType() {
        return Device.class;
    }

    @Read
    public Device read(@IdParam IdType id) {
        return models.byDeviceId(id.getIdPart()).map(DeviceMapping::device)
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = Device.SP_IDENTIFIER) TokenParam identifier,
            @OptionalParam(name = Device.SP_DEVICE_NAME) StringParam name,
            @OptionalParam(name = Device.SP_MANUFACTURER) StringParam manufacturer) {
        return PagedSearch.of(models.all().stream()
                .filter(model -> identifier == null || matches(identifier, model))
                .filter(model -> name == null || startsWith(model.name(), name))
                .filter(model -> manufacturer == null || startsWith("Consilium", manufacturer))
                .map(DeviceMapping::device).toList());
    }

    private static boolean matches(TokenParam token, AiModel model) {
        var identifier = DeviceMapping.identifier(model);
        return (token.getSystem() == null || token.getSystem().isEmpty()
                || token.getSystem().equals(identifier.getSystem())) && identifier.getValue().equals(token.getValue());
    }

    /** FHIR string search: case-insensitive prefix, or equality with {@code :exact}. */
    private static boolean startsWith(String value, StringParam param) {
        return param.isExact() ? value.equals(param.getValue())
                : value.toLowerCase(java.util.Locale.ROOT).startsWith(param.getValue().toLowerCase(java.util.Locale.ROOT));
    }
}
