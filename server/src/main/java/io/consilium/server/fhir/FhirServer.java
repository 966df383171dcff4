package io.consilium.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.rest.server.method.BaseMethodBinding;
import ca.uhn.fhir.rest.server.method.SearchMethodBinding;
import ca.uhn.fhir.rest.server.method.SortParameter;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Comparator;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The FHIR R4 facade: HAPI FHIR's plain server, one resource provider per type, hosted at {@code /fhir} by
 * Quarkus' Undertow. Providers are CDI beans: every {@link IResourceProvider} bean is served, so the workflow's
 * providers join by being beans. Initialised on the first request (Undertow boots servlets marked load-on-startup
 * before the run-time configuration exists).
 */
@WebServlet(urlPatterns = "/fhir/*")
public class FhirServer extends RestfulServer {

    @Inject
    @Any
    Instance<IResourceProvider> providers;

    @Inject
    FhirConfig config;

    @Inject
    CapabilityStatementCustomizer capabilityStatement;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
    String version;

    public FhirServer() {
        // One FhirContext per JVM (its model scan is the slow part of HAPI's start): the cached R4 context.
        super(FhirContext.forR4Cached());
        // Every resource we reference by object has an id (included, never contained): without this HAPI walks
        // each whole resource before encoding it, looking for references to contain, a fifth of the encoding.
        getFhirContext().getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        var buffered = new FlushOnCloseResponse(response);
        try {
            super.service(request, buffered);
        } finally {
            buffered.finish();
        }
    }

    /**
     * The facade is read-only: a write on anything is 405 (HAPI's default for an interaction nobody serves is 400,
     * which tells a client its request was malformed rather than not offered). A search that has no order of its
     * own refuses {@code _sort} rather than answer in an order not asked for.
     */
    @Override
    public BaseMethodBinding determineResourceMethod(RequestDetails request, String path) {
        RequestTypeEnum type = request.getRequestType();
        if (type != RequestTypeEnum.GET && type != RequestTypeEnum.HEAD && !"_search".equals(request.getOperation())) {
            throw new MethodNotAllowedException("The Consilium FHIR facade is read-only: " + type + " is not allowed",
                    RequestTypeEnum.GET, RequestTypeEnum.HEAD);
        }
        BaseMethodBinding method = super.determineResourceMethod(request, path);
        if (method instanceof SearchMethodBinding && request.getParameters().containsKey(Constants.PARAM_SORT)
                && method.getParameters().stream().noneMatch(SortParameter.class::isInstance)) {
            throw new InvalidRequestException(method.getResourceName() + " searches do not sort: _sort is not supported");
        }
        return method;
    }

    @Override
    protected void initialize() {
        setServerName("Consilium FHIR facade");
        setServerVersion(version);
        setImplementationDescription("Consilium clinical decision support: imaging studies, AI results with expert "
                + "review, devices (models), audit trail");
        setDefaultResponseEncoding(EncodingEnum.JSON);
        setDefaultPrettyPrint(false);
        var paging = new FifoMemoryPagingProvider(config.pagedSearches());
        paging.setDefaultPageSize(config.defaultPageSize());
        paging.setMaximumPageSize(config.maxPageSize());
        setPagingProvider(paging);
        setResourceProviders(providers.stream()
                .filter(provider -> !(provider instanceof ResultBackedProvider backed) || backed.served())
                .sorted(Comparator.comparing(provider -> provider.getResourceType().getSimpleName()))
                .map(IResourceProvider.class::cast).toList());
        registerInterceptor(capabilityStatement);
    }
}
