package io.consilium.seg;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MedSAM image encoder and mask decoder exported to ONNX, run by DJL's OnnxRuntime engine, under MedSAM's
 * contract: the slice resized (longest side) and padded to 1024x1024, 3 channels in [0, 1]; the box in 1024
 * coordinates; encoder {@code image [1,3,1024,1024] -> image_embeddings [1,256,64,64]}; decoder
 * {@code image_embeddings, boxes [1,1,4] -> low_res_logits [1,1,256,256]}, upsampled back to the slice.
 * Its foreground probability becomes an extra input channel of the DeferredSeg head trained on top.
 */
public final class MedSamBackbone implements AutoCloseable {

    public static final int INPUT_SIZE = 1024;
    public static final int EMBEDDING_CHANNELS = 256;
    public static final int EMBEDDING_SIZE = 64;
    public static final int LOW_RES_SIZE = 256;
    static final String ENGINE = "OnnxRuntime";

    private final Model encoder;
    private final Model decoder;
    private final Predictor<NDList, NDList> encode;
    private final Predictor<NDList, NDList> decode;
    private final String description;

    private MedSamBackbone(Model encoder, Model decoder, String description) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.encode = encoder.newPredictor(new NoopTranslator());
        this.decode = decoder.newPredictor(new NoopTranslator());
        this.description = description;
    }

    /** Loads the two ONNX files of a MedSAM export (see the README for how to produce them). */
    public static MedSamBackbone load(Path encoderOnnx, Path decoderOnnx) throws IOException {
        Model encoder = open(encoderOnnx, "encoder");
        try {
            Model decoder = open(decoderOnnx, "decoder");
            return new MedSamBackbone(encoder, decoder, encoderOnnx.getFileName() + " + " + decoderOnnx.getFileName());
        } catch (IOException | RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    private static Model open(Path onnx, String role) throws IOException {
        if (!Files.isRegularFile(onnx)) {
            throw new IOException("MedSAM " + role + " not found: " + onnx);
        }
        String name = onnx.getFileName().toString().replaceFirst("\\.onnx$", "");
        Model model = Model.newInstance("medsam-" + role, ENGINE);
        try {
            model.load(onnx.toAbsolutePath().getParent(), name);
            return model;
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new IOException("cannot load the MedSAM " + role + " " + onnx + " with ONNX Runtime: "
                    + e.getMessage(), e);
        }
    }

    public String description() {
        return description;
    }

    /**
     * MedSAM's foreground probability for the structure in the box, per pixel of the slice (row-major): the
     * sigmoid of its low-resolution logits, upsampled to 1024, cut to the resized slice and resized back.
     */
    public float[] foreground(ImageSlice image, BoxPrompt box) {
        box.requireInside(image.width(), image.height());
        int w = image.width();
        int h = image.height();
        double scale = (double) INPUT_SIZE / Math.max(w, h);
        int rw = Math.max(1, (int) Math.round(w * scale));
        int rh = Math.max(1, (int) Math.round(h * scale));
        float[] resized = Resampling.bilinear(image.pixelsShared(), w, h, rw, rh);
        int plane = INPUT_SIZE * INPUT_SIZE;
        float[] input = new float[3 * plane];
        for (int y = 0; y < rh; y++) {
            for (int x = 0; x < rw; x++) {
                float v = resized[y * rw + x];
                input[y * INPUT_SIZE + x] = v;
                input[plane + y * INPUT_SIZE + x] = v;
                input[2 * plane + y * INPUT_SIZE + x] = v;
            }
        }
        float[] box1024 = {(float) (box.x0() * scale), (float) (box.y0() * scale), (float) (box.x1() * scale),
            (float) (box.y1() * scale)};
        float[] logits;
        try (NDManager request = encoder.getNDManager().newSubManager()) {
            NDArray x = request.create(input, new Shape(1, 3, INPUT_SIZE, INPUT_SIZE));
            x.setName("image");
            NDArray embedding = encode.predict(new NDList(x)).singletonOrThrow();
            require(embedding.getShape(), new Shape(1, EMBEDDING_CHANNELS, EMBEDDING_SIZE, EMBEDDING_SIZE),
                    "encoder image_embeddings");
            embedding.setName("image_embeddings");
            NDArray boxes = request.create(box1024, new Shape(1, 1, 4));
            boxes.setName("boxes");
            NDArray low = decode.predict(new NDList(embedding, boxes)).get(0);
            require(low.getShape(), new Shape(1, 1, LOW_RES_SIZE, LOW_RES_SIZE), "decoder low_res_logits");
            logits = low.toFloatArray();
        } catch (TranslateException e) {
            throw new IllegalStateException("MedSAM inference failed: " + e.getMessage(), e);
        }
        float[] full = Resampling.bilinear(logits, LOW_RES_SIZE, LOW_RES_SIZE, INPUT_SIZE, INPUT_SIZE);
        float[] cropped = new float[rw * rh];
        for (int y = 0; y < rh; y++) {
            System.arraycopy(full, y * INPUT_SIZE, cropped, y * rw, rw);
        }
        float[] back = Resampling.bilinear(cropped, rw, rh, w, h);
        for (int i = 0; i < back.length; i++) {
            back[i] = (float) (1 / (1 + Math.exp(-back[i])));
        }
        return back;
    }

    private static void require(Shape actual, Shape expected, String what) {
        if (!actual.equals(expected)) {
            throw new IllegalStateException("MedSAM " + what + " has shape " + actual + ", the contract is " + expected
                    + "; is this a MedSAM (SAM ViT-B) export?");
        }
    }

    @Override
    public void close() {
        encode.close();
        decode.close();
        encoder.close();
        decoder.close();
    }
}
