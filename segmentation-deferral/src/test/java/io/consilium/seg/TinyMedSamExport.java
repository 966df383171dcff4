package io.consilium.seg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a tiny pair of ONNX models with exactly MedSAM's signature, encoded by hand (protobuf wire format),
 * so the adapter is tested against real ONNX Runtime sessions without any download:
 * encoder {@code image [1,3,1024,1024] -> image_embeddings [1,256,64,64]} (16x16 average pooling, 1x1 conv);
 * decoder {@code image_embeddings [1,256,64,64], boxes [1,1,4] -> low_res_logits [1,1,256,256]}: the mean
 * of the embedding channels (high where the image is bright), upsampled 4x, then shifted by
 * {@code 0 * sum(boxes)} so the box input is part of the graph.
 */
final class TinyMedSamExport {

    private TinyMedSamExport() {
    }

    static void write(Path encoder, Path decoder) throws IOException {
        Files.write(encoder, encoder());
        Files.write(decoder, decoder());
    }

    private static byte[] encoder() {
        float[] weights = new float[256 * 3];
        float[] bias = new float[256];
        for (int c = 0; c < 256; c++) {
            for (int i = 0; i < 3; i++) {
                weights[c * 3 + i] = 1f / 3;
            }
            bias[c] = -0.5f;
        }
        Proto graph = new Proto()
                .message(1, node(new String[] {"image"}, "pooled", "AveragePool",
                        intsAttribute("kernel_shape", 16, 16), intsAttribute("strides", 16, 16)))
                .message(1, node(new String[] {"pooled", "w", "b"}, "image_embeddings", "Conv"))
                .string(2, "tiny_medsam_encoder")
                .message(5, tensor("w", weights, 256, 3, 1, 1))
                .message(5, tensor("b", bias, 256))
                .message(11, valueInfo("image", 1, 3, 1024, 1024))
                .message(12, valueInfo("image_embeddings", 1, 256, 64, 64));
        return model(graph);
    }

    private static byte[] decoder() {
        float[] weights = new float[256];
        java.util.Arrays.fill(weights, 8f / 256);
        Proto graph = new Proto()
                .message(1, node(new String[] {"image_embeddings", "w"}, "low", "Conv"))
                .message(1, node(new String[] {"low", "", "scales"}, "up", "Resize", stringAttribute("mode", "nearest")))
                .message(1, node(new String[] {"boxes"}, "box_sum", "ReduceSum", intsAttribute("keepdims", 0)))
                .message(1, node(new String[] {"box_sum", "zero"}, "box_zero", "Mul"))
                .message(1, node(new String[] {"up", "box_zero"}, "low_res_logits", "Add"))
                .string(2, "tiny_medsam_decoder")
                .message(5, tensor("w", weights, 1, 256, 1, 1))
                .message(5, tensor("scales", new float[] {1, 1, 4, 4}, 4))
                .message(5, tensor("zero", new float[] {0}))
                .message(11, valueInfo("image_embeddings", 1, 256, 64, 64))
                .message(11, valueInfo("boxes", 1, 1, 4))
                .message(12, valueInfo("low_res_logits", 1, 1, 256, 256));
        return model(graph);
    }

    private static byte[] model(Proto graph) {
        return new Proto().varint(1, 8).string(2, "consilium-test").message(7, graph)
                .message(8, new Proto().string(1, "").varint(2, 13)).bytes();
    }

    private static Proto node(String[] inputs, String output, String op, Proto... attributes) {
        Proto node = new Proto();
        for (String input : inputs) {
            node.string(1, input);
        }
        node.string(2, output).string(3, op + "_" + output).string(4, op);
        for (Proto a : attributes) {
            node.message(5, a);
        }
        return node;
    }

    private static Proto intsAttribute(String name, long... values) {
        Proto a = new Proto().string(1, name);
        if (values.length == 1) {
            return a.varint(3, values[0]).varint(20, 2);
        }
        for (long v : values) {
            a.varint(8, v);
        }
        return a.varint(20, 7);
    }

    private static Proto stringAttribute(String name, String value) {
        return new Proto().string(1, name).string(4, value).varint(20, 3);
    }

    private static Proto tensor(String name, float[] values, long... dims) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        return t.varint(2, 1).string(8, name).raw(9, raw.array());
    }

    private static Proto valueInfo(String name, long... dims) {
        Proto shape = new Proto();
        for (long d : dims) {
            shape.message(1, new Proto().varint(1, d));
        }
        Proto tensorType = new Proto().varint(1, 1).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    /** The protobuf wire format: varints and length-delimited fields are all ONNX needs here. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            writeVarint((long) field << 3);
            writeVarint(value);
            return this;
        }

        Proto string(int field, String value) {
            return raw(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto message) {
            return raw(field, message.bytes());
        }

        Proto raw(int field, byte[] value) {
            writeVarint(((long) field << 3) | 2);
            writeVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void writeVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
