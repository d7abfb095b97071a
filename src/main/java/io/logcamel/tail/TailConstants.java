package io.logcamel.tail;

import org.apache.camel.spi.Metadata;

/** Headers set on every exchange of the tail consumer, and the tag/field names of its batches. */
public final class TailConstants {

    @Metadata(description = "The path of the file the batch was read from.", javaType = "String")
    public static final String PATH = "CamelTailPath";
    @Metadata(description = "The file offset just after the last line of the batch.", javaType = "long")
    public static final String END_OFFSET = "CamelTailEndOffset";
    @Metadata(description = "The number of events in the batch.", javaType = "int")
    public static final String LINES = "CamelTailLines";

    /** Batch tag: the file's path. */
    public static final String TAG_PATH = "__path__";
    /** Batch tag: the host name of this machine. */
    public static final String TAG_HOSTNAME = "__hostname__";
    /** Event field on each part of a line longer than {@code maxLineSize}: the part number, from 1. */
    public static final String FIELD_SPLIT = "__split__";
    /** Event field of container logs: {@code stdout} or {@code stderr}. */
    public static final String FIELD_STREAM = "stream";

    private TailConstants() {
    }
}
