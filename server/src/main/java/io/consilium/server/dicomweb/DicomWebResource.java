package io.consilium.server.dicomweb;

import io.consilium.dicom.Tag;
import io.consilium.dicom.web.ContentType;
import io.consilium.dicom.web.DicomJson;
import io.consilium.dicom.web.MultipartWriter;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.archive.StoredInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * DICOMweb (PS3.18) under {@code /dicomweb}: STOW-RS, QIDO-RS and WADO-RS over the built-in archive. Only
 * translates HTTP; the work is in {@link StowReceiver}, {@link QidoSearch} and {@link WadoRetrieval}.
 */
@Path("/dicomweb")
public class DicomWebResource {


    private final StowReceiver stow;
    private final QidoSearch qido;
    private final WadoRetrieval wado;
    private final DicomArchive archive;

    DicomWebResource(StowReceiver stow, QidoSearch qido, WadoRetrieval wado, DicomArchive archive) {
        this.stow = stow;
        this.qido = qido;
        this.wado = wado;
        this.archive = archive;
    }

    // ---- STOW-RS ----

    @POST
    @Path("/studies")
    public Response store(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
            @Context UriInfo uri) {
        return stored(stow.receive(contentType, body, null, base(uri)));
    }

    @POST
    @Path("/studies/{study: [0-9.]{1,64}}")
    public Response storeInStudy(@PathParam("study") String study,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body, @Context UriInfo uri) {
        return stored(stow.receive(contentType, body, study, base(uri)));
    }

    private static Response stored(StowReceiver.Outcome outcome) {
        return Response.status(outcome.status()).type(ContentType.DICOM_JSON)
                .entity(DicomJson.write(outcome.response())).build();
    }

    // ---- QIDO-RS ----

    @GET
    @Path("/studies")
    public Response searchStudies(@Context UriInfo uri, @Context HttpHeaders headers) {
        return search(QidoLevel.STUDY, null, null, uri, headers);
    }

    @GET
    @Path("/series")
    public Response searchAllSeries(@Context UriInfo uri, @Context HttpHeaders headers) {
        return search(QidoLevel.SERIES, null, null, uri, headers);
    }

    @GET
    @Path("/studies/{study: [0-9.]{1,64}}/series")
    public Response searchSeries(@PathParam("study") String study, @Context UriInfo uri,
            @Context HttpHeaders headers) {
        return search(QidoLevel.SERIES, study, null, uri, headers);
    }

    @GET
    @Path("/instances")
    public Response searchAllInstances(@Context UriInfo uri, @Context HttpHeaders headers) {
        return search(QidoLevel.INSTANCE, null, null, uri, headers);
    }

    @GET
    @Path("/studies/{study: [0-9.]{1,64}}/instances")
    public Response searchStudyInstances(@PathParam("study") String study, @Context UriInfo uri,
            @Context HttpHeaders headers) {
        return search(QidoLevel.INSTANCE, study, null, uri, headers);
    }

    @GET
    @Path("/studies/{study: [0-9.]{1,64}}/series/{series: [0-9.]{1,64}}/instances")
    public Response searchInstances(@PathParam("study") String study, @PathParam("series") String series,
            @Context UriInfo uri, @Context HttpHeaders headers) {
        return search(QidoLevel.INSTANCE, study, series, uri, headers);
    }

    private Response search(QidoLevel level, String study, String series, UriInfo uri, HttpHeaders headers) {
        String type = jsonType(headers.getHeaderString(HttpHeaders.ACCEPT));
        QidoSearch.Page page = qido.search(level, study, series, QidoSearch.Query.parse(uri.getQueryParameters()),
                base(uri));
        Response.ResponseBuilder response = Response.ok(DicomJson.write(page.matches()), type);
        if (page.more()) {
            response.header("Warning", "299 consilium \"The number of results exceeded the maximum supported by "
                    + "the server (" + QidoSearch.MAX_RESULTS + "). Additional results can be requested.\"");
        }
        return response.build();
    }

    // ---- WADO-RS ----

    @GET
    @Path("/studies/{study: [0-9.]{1,64}}")
    public Response retrieveStudy(@PathParam("study") String study, @Context HttpHeaders headers) {
        return instances(archive.study(study), "study " + study, headers);
    }

    @GET
    @Path("/studies/{study: [0-9.]{1,64}}/series/{series: [0-9.]{1,64}}")
    public Response retrieveSeries(@PathParam("study") String study, @PathParam("series") String series,
            @Context HttpHeaders headers) {
        return instances(archive.series(study, series), "series " + series, headers);
    }

    @GET
    @Path("/studies/{study: [0-9.]{1,64}}/series/{series: [0-9.]{1,64}}/instances/{instance: [0-9.]{1,64}}")
    public Response retrieveInstance(@PathParam("study") String study, @PathParam("series") String series,
            @PathParam("instance") String instance, @Context HttpHeaders headers) {
        return instances(List.of(instance(study, series, instance)), "instance " + instance, headers);
    }

    private Response instances(List<StoredInstance> instances, String what, HttpHeaders headers) {
        if (instances.isEmpty()) {
            throw DicomWebProblem.notFound(what + " is not in the archive");
        }
        String syntax = WadoRetrieval.negotiate(headers.getHeaderString(HttpHeaders.ACCEPT), ContentType.DICOM);
        WadoRetrieval.checkDeliverable(instances, syntax);
        String boundary = MultipartWriter.newBoundary();
        return multipart(wado.instances(instances, syntax, boundary), ContentType.DICOM, boundary);
    }

    @GET
    @Path("/studies/{study: [0-9.]{1,64}}/metadata")
    public Response studyMetadata(@PathParam("study") String study, @Context UriInfo uri,
            @Context HttpHeaders headers) {
        return metadata(archive.study(study), "study " + study, uri, headers);
    }

    @GET
    @Path("/studies/{study: [0-9.]{1,64}}/series/{series: [0-9.]{1,64}}/metadata")
    public Response seriesMetadata(@PathParam("study") String study, @PathParam("series") String series,
            @Context UriInfo uri, @Context HttpHeaders headers) {
        return metadata(archive.series(study, series), "series " + series, uri, headers);
    }

    @GET
    @Path("/studies/{study: [0-9.]{1,64}}/series/{series: [0-9.]{1,64}}/instances/{instance: [0-9.]{1,64}}/metadata")
    public Response instanceMetadata(@PathParam("study") String study, @PathParam("series") String series,
            @PathParam("instance") String instance, @Context UriInfo uri, @Context HttpHeaders headers) {
        return metadata(List.of(instance(study, series, instance)), "instance " + instance, uri, headers);
    }

    private Response metadata(List<StoredInstance> instances, String what, UriInfo uri, HttpHeaders headers) {
        String type = jsonType(headers.getHeaderString(HttpHeaders.ACCEPT));
        if (instances.isEmpty()) {
            throw DicomWebProblem.notFound(what + " is not in the archive");
        }
        return Response.ok(wado.metadata(instances, base(uri)), type).build();
    }

    @GET
    @Path("/studies/{study: [0-9.]{1,64}}/series/{series: [0-9.]{1,64}}/instances/{instance: [0-9.]{1,64}}"
            + "/frames/{frames}")
    public Response frames(@PathParam("study") String study, @PathParam("series") String series,
            @PathParam("instance") String instance, @PathParam("frames") String frames,
            @Context HttpHeaders headers) {
        List<Integer> numbers = new ArrayList<>();
        for (String n : frames.split(",")) {
            try {
                numbers.add(Integer.parseInt(n.strip()));
            } catch (NumberFormatException e) {
                throw DicomWebProblem.badRequest("'" + frames + "' is not a comma-separated list of frame numbers");
            }
        }
        StoredInstance stored = instance(study, series, instance);
        String syntax = WadoRetrieval.negotiate(headers.getHeaderString(HttpHeaders.ACCEPT), ContentType.OCTET_STREAM);
        String boundary = MultipartWriter.newBoundary();
        return multipart(wado.frames(stored, numbers, syntax, boundary), ContentType.OCTET_STREAM, boundary);
    }

    @GET
    @Path("/studies/{study: [0-9.]{1,64}}/series/{series: [0-9.]{1,64}}/instances/{instance: [0-9.]{1,64}}"
            + "/bulkdata/{tag: [0-9A-Fa-f]{8}}")
    public Response bulkData(@PathParam("study") String study, @PathParam("series") String series,
            @PathParam("instance") String instance, @PathParam("tag") String tag, @Context HttpHeaders headers) {
        StoredInstance stored = instance(study, series, instance);
        WadoRetrieval.negotiate(headers.getHeaderString(HttpHeaders.ACCEPT), ContentType.OCTET_STREAM);
        String boundary = MultipartWriter.newBoundary();
        return multipart(wado.bulkData(stored, Tag.of(Integer.parseUnsignedInt(tag, 16)), boundary),
                ContentType.OCTET_STREAM, boundary);
    }

    private StoredInstance instance(String study, String series, String instance) {
        return archive.find(instance)
                .filter(i -> i.studyInstanceUid().equals(study) && i.seriesInstanceUid().equals(series))
                .orElseThrow(() -> DicomWebProblem.notFound("instance " + instance + " of series " + series
                        + " is not in the archive"));
    }

    private static Response multipart(StreamingOutput body, String partType, String boundary) {
        return Response.ok(body, ContentType.MULTIPART_RELATED + "; type=\"" + partType + "\"; boundary=" + boundary)
                .build();
    }

    /** QIDO-RS and metadata answer application/dicom+json (or application/json when that is all that is asked). */
    private static String jsonType(String accept) {
        if (accept == null || accept.isBlank()) {
            return ContentType.DICOM_JSON;
        }
        try {
            for (ContentType range : ContentType.parseList(accept)) {
                if (range.is(ContentType.DICOM_JSON) || range.is("*/*") || range.is("application/*")) {
                    return ContentType.DICOM_JSON;
                }
                if (range.is("application/json")) {
                    return "application/json";
                }
            }
        } catch (IllegalArgumentException e) {
            throw DicomWebProblem.badRequest("unreadable Accept header: " + e.getMessage());
        }
        throw DicomWebProblem.notAcceptable("this resource is served as application/dicom+json; the Accept header "
                + "asked for " + accept);
    }

    private static String base(UriInfo uri) {
        return uri.getBaseUri().toString().replaceAll("/+$", "") + "/dicomweb";
    }
}
