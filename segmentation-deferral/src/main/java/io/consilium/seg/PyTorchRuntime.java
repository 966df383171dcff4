package io.consilium.seg;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The PyTorch engine, loaded from the native jars on the class path. With {@code ai.djl.offline=true}
 * DJL never downloads; if the natives are missing this fails with what to add instead.
 * Unless the operator sets {@code ai.djl.pytorch.num_threads} / {@code ai.djl.pytorch.num_interop_threads}, each
 * inference or training step runs on one thread: the network is small, and on a 2-core host two OpenMP threads
 * that contend with anything else (another request, the web server) are several times slower than one.
 */
public final class PyTorchRuntime {

    static final String ENGINE = "PyTorch";

    private PyTorchRuntime() {
    }

    public static Engine require() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        try {
            Engine engine = Engine.getEngine(ENGINE);
            if (engine == null) {
                throw new IllegalStateException("DJL returned no " + ENGINE + " engine");
            }
            return engine;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new IllegalStateException("PyTorch natives are not available offline. Put "
                    + "ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64 and ai.djl.pytorch:pytorch-jni on the "
                    + "class path and run with -Dai.djl.offline=true (natives are unpacked to ENGINE_CACHE_DIR, "
                    + "default ~/.djl.ai). Cause: " + e, e);
        }
    }

    /**
     * Overwrites {@code target} in place with {@code values} through PyTorch's own arithmetic, so the array keeps the
     * memory PyTorch allocated for it. DJL's {@code NDArray.set(Buffer)} instead points the tensor at a Java direct
     * buffer; weights and optimiser moments restored that way made the first training step after a resume NaN on the
     * build machines, while the same values written like this trained on.
     */
    static void overwrite(NDArray target, float[] values) {
        try (NDManager scratch = target.getManager().newSubManager();
                NDArray source = scratch.create(values, target.getShape())) {
            overwrite(target, source);
        }
    }

    /** {@link #overwrite(NDArray, float[])} from another array of the same shape. */
    static void overwrite(NDArray target, NDArray source) {
        boolean gradient = target.hasGradient();
        target.setRequiresGradient(false);
        target.muli(0).addi(source);
        target.setRequiresGradient(gradient);
    }
}
