package io.consilium.abutment;

import ai.djl.engine.Engine;

/**
 * The PyTorch engine from the native jars on the class path. DJL must never download: offline mode is switched on
 * unless the operator has set it, and missing natives fail with what to add.
 */
final class PyTorch {

    private PyTorch() {
    }

    static Engine require() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        // The networks are tiny: one thread each is ten times faster than two contending ones on a busy host.
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        try {
            Engine engine = Engine.getEngine("PyTorch");
            if (engine == null) {
                throw new IllegalStateException("DJL returned no PyTorch engine");
            }
            return engine;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new IllegalStateException("PyTorch natives are not available offline. Put "
                    + "ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64 and ai.djl.pytorch:pytorch-jni on the "
                    + "class path (natives are unpacked to ENGINE_CACHE_DIR, default ~/.djl.ai). Cause: " + e, e);
        }
    }
}
