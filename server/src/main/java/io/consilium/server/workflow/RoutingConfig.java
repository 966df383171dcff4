package io.consilium.server.workflow;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Routing rules: which series are segmented, by which task and prompt ({@code consilium.routing.*}). */
@ConfigMapping(prefix = "consilium.routing")
public interface RoutingConfig {

    /** Quiet time after the last instance of a series before it is segmented (a series arrives piecewise). */
    @WithDefault("PT1S")
    Duration settle();

    /** Rules by name (the segmentation task); the first match by {@code order}, then name, wins. */
    Map<String, Rule> rules();

    /** Which series a segmentation task applies to, and how it is prompted. */
    interface Rule {

        /** Lower orders are tried first. */
        @WithDefault("100")
        int order();

        /** DICOM Modality, exactly (e.g. {@code CT}). */
        String modality();

        /** Regular expression on Body Part Examined (case-insensitive); absent: any. */
        Optional<String> bodyPart();

        /** Regular expression on Series Description (case-insensitive); absent: any. */
        Optional<String> seriesDescription();

        /**
         * The DeferredSeg model that segments these series: a bundled name ({@code phantom}, {@code lung-nodule})
         * or a model directory. Required: which model reads a patient's images is never left to a default.
         */
        String model();

        /**
         * The box prompt on every slice, as fractions of the image: {@code x0,y0,x1,y1} in [0, 1]
         * ({@code 0,0,1,1} is the whole slice).
         */
        @WithDefault("0.2,0.2,0.8,0.8")
        String box();

        /** Display window (centre, width) that maps rescaled values to the model's [0, 1] input. */
        @WithDefault("0,2000")
        String window();

        /** Label of the segmented structure, as written into the DICOM SEG. */
        @WithDefault("Target organ")
        String structure();

        /** SNOMED CT code of the structure's property type. */
        @WithDefault("113343008")
        String structureCode();

        @WithDefault("Organ")
        String structureMeaning();
    }
}
