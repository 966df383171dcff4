package io.consilium.abutment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * JSON in and out: cases ({@code abutment-case.schema.json}) and proposals ({@code abutment-proposal.schema.json}).
 * Unknown fields, wrong types and malformed JSON are refused with the JSON path of the problem.
 */
public final class AbutmentJson {

    public static final String CASE_SCHEMA = "/io/consilium/abutment/schema/abutment-case.schema.json";
    public static final String PROPOSAL_SCHEMA = "/io/consilium/abutment/schema/abutment-proposal.schema.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private AbutmentJson() {
    }

    public static AbutmentCase readCase(Path file) {
        try {
            return readCase(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InvalidCaseException("file", "case file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read case file " + file, e);
        }
    }

    public static AbutmentCase readCase(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidCaseException("case", "the case JSON is empty");
        }
        try {
            return MAPPER.readValue(json, AbutmentCase.class);
        } catch (JsonMappingException e) {
            throw new InvalidCaseException(path(e), e.getOriginalMessage()
                    + location(e));
        } catch (JsonProcessingException e) {
            throw new InvalidCaseException("json", "not valid JSON: " + e.getOriginalMessage() + location(e));
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getSimpleName(), e);
        }
    }

    public static SyntheticCases.LabelledCase readLabelled(Path file) {
        try {
            return MAPPER.readValue(file.toFile(), SyntheticCases.LabelledCase.class);
        } catch (JsonMappingException e) {
            throw new InvalidCaseException(file.getFileName() + ":" + path(e), e.getOriginalMessage() + location(e));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read labelled case " + file, e);
        }
    }

    /** The published schema text. */
    public static String schema(String resource) {
        try (InputStream in = AbutmentJson.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " missing from the class path");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "case" : path.toString();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
