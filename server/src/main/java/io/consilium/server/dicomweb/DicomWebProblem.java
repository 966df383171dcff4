package io.consilium.server.dicomweb;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** A DICOMweb request refused with a 4xx status and the house error body {"error", "detail"}. */
class DicomWebProblem extends WebApplicationException {

    DicomWebProblem(Response.Status status, String detail) {
        super(detail, Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", status.getReasonPhrase(), "detail", detail)).build());
    }

    static DicomWebProblem badRequest(String detail) {
        return new DicomWebProblem(Response.Status.BAD_REQUEST, detail);
    }

    static DicomWebProblem notFound(String detail) {
        return new DicomWebProblem(Response.Status.NOT_FOUND, detail);
    }

    static DicomWebProblem notAcceptable(String detail) {
        return new DicomWebProblem(Response.Status.NOT_ACCEPTABLE, detail);
    }

    static DicomWebProblem unsupportedMediaType(String detail) {
        return new DicomWebProblem(Response.Status.UNSUPPORTED_MEDIA_TYPE, detail);
    }
}
