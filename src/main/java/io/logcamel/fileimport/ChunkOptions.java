package io.logcamel.fileimport;

import java.nio.charset.Charset;
import java.util.concurrent.atomic.AtomicLong;

/** How {@link ChunkReader} cuts a file into batches (set on {@link FileChunks}). */
record ChunkOptions(int maxBatchLines, int maxBatchBytes, int maxLineSize, Charset charset,
                    AtomicLong invalidEncodingReplacements) {
}
