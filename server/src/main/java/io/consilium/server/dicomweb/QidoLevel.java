package io.consilium.server.dicomweb;

/** The three levels of a QIDO-RS search (PS3.18 10.6), in order. */
enum QidoLevel {
    STUDY, SERIES, INSTANCE
}
