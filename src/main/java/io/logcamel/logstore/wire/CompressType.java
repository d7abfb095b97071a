package io.logcamel.logstore.wire;

import com.github.luben.zstd.Zstd;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The body compressions of PutLogs, named as in the {@code x-log-compresstype} header.
 * lz4 is the raw LZ4 block format (no frame): the receiver learns the original size from
 * {@code x-log-bodyrawsize}. deflate is zlib-wrapped, as the official SDK sends it.
 */
public enum CompressType {
    NONE(null) {
        @Override
        public byte[] compress(byte[] raw, int offset, int length) {
            return Arrays.copyOfRange(raw, offset, offset + length);
        }

        @Override
        public byte[] decompress(byte[] data, int rawSize) {
            return data;
        }
    },
    LZ4("lz4") {
        @Override
        public byte[] compress(byte[] raw, int offset, int length) {
            LZ4Compressor compressor = Lz4.FACTORY.fastCompressor();
            int bound = compressor.maxCompressedLength(length);
            byte[] out = Lz4.SCRATCH.get();
            if (out.length < bound) {
                out = new byte[bound];
                Lz4.SCRATCH.set(out);
            }
            int compressed = compressor.compress(raw, offset, length, out, 0, out.length);
            return Arrays.copyOf(out, compressed);
        }

        @Override
        public byte[] decompress(byte[] data, int rawSize) {
            LZ4FastDecompressor decompressor = Lz4.BOUNDS_CHECKED.fastDecompressor();
            byte[] out = new byte[rawSize];
            int read;
            try {
                read = decompressor.decompress(data, 0, out, 0, rawSize);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("lz4 body is corrupt or does not match x-log-bodyrawsize " + rawSize, e);
            }
            if (read != data.length) {
                throw new IllegalArgumentException("lz4 body does not match x-log-bodyrawsize " + rawSize);
            }
            return out;
        }
    },
    ZSTD("zstd") {
        @Override
        public byte[] compress(byte[] raw, int offset, int length) {
            return Zstd.compress(NONE.compress(raw, offset, length), 1);
        }

        @Override
        public byte[] decompress(byte[] data, int rawSize) {
            byte[] out;
            try {
                out = Zstd.decompress(data, rawSize);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("zstd body is corrupt or larger than x-log-bodyrawsize " + rawSize, e);
            }
            if (out.length != rawSize) {
                throw new IllegalArgumentException("zstd body does not match x-log-bodyrawsize " + rawSize);
            }
            return out;
        }
    },
    DEFLATE("deflate") {
        @Override
        public byte[] compress(byte[] raw, int offset, int length) {
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try {
                deflater.setInput(raw, offset, length);
                deflater.finish();
                ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 4));
                byte[] chunk = new byte[64 * 1024];
                while (!deflater.finished()) {
                    out.write(chunk, 0, deflater.deflate(chunk));
                }
                return out.toByteArray();
            } finally {
                deflater.end();
            }
        }

        @Override
        public byte[] decompress(byte[] data, int rawSize) {
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(data);
                byte[] out = new byte[rawSize];
                int read = 0;
                while (read < rawSize && !inflater.finished()) {
                    int n = inflater.inflate(out, read, rawSize - read);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        break;
                    }
                    read += n;
                }
                if (read != rawSize || !inflater.finished()) {
                    throw new IllegalArgumentException("deflate body does not match x-log-bodyrawsize " + rawSize);
                }
                return out;
            } catch (DataFormatException e) {
                throw new IllegalArgumentException("deflate body is corrupt: " + e.getMessage(), e);
            } finally {
                inflater.end();
            }
        }
    };

    private final String headerValue;

    CompressType(String headerValue) {
        this.headerValue = headerValue;
    }

    /** The {@code x-log-compresstype} value, or null when the header is not sent. */
    public String headerValue() {
        return headerValue;
    }

    public final byte[] compress(byte[] raw) {
        return compress(raw, 0, raw.length);
    }

    /**
     * Compresses {@code raw[offset, offset + length)} into a new array of its own, never
     * {@code raw} itself (even for {@code none}): the caller may reuse {@code raw}.
     */
    public abstract byte[] compress(byte[] raw, int offset, int length);

    /**
     * Inflates {@code data} to exactly {@code rawSize} bytes, or throws IllegalArgumentException:
     * a receiver must answer a corrupt body with a clear 400, never crash on it.
     */
    public abstract byte[] decompress(byte[] data, int rawSize);

    /** Parses an option or header value: {@code lz4}, {@code zstd}, {@code deflate}, {@code none} or empty. */
    public static CompressType parse(String value) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("none")) {
            return NONE;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "lz4" -> LZ4;
            case "zstd" -> ZSTD;
            case "deflate" -> DEFLATE;
            default -> throw new IllegalArgumentException(
                    "unknown compressType '" + value + "': expected lz4, zstd, deflate or none");
        };
    }

    /** The LZ4 compressor's implementation ({@code LZ4Factory:JNI} when the native library loaded): for logs and tests. */
    public static String lz4Implementation() {
        return Lz4.FACTORY.toString();
    }

    private static final class Lz4 {
        static final LZ4Factory FACTORY = choose();
        /**
         * Decompression reads bodies from the network (the local Logstore): the bounds-checked Java
         * decompressor, never the native one, which trusts its input's lengths.
         */
        static final LZ4Factory BOUNDS_CHECKED = LZ4Factory.safeInstance();
        /**
         * Each compressing thread's output buffer of the largest bound it needed: a request's
         * bound is above G1's humongous size (half a region, 512 KB with the README's heap), and
         * a fresh one per request was 12 % of the agent's allocation in the race. It is at most
         * maxCompressedLength(maxBytesPerRequest), about as big as the encoder's own buffer.
         */
        static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);

        /**
         * The native (JNI) LZ4 when its library loads, else the pure-Java one.
         * {@code LZ4Factory.fastestInstance()} does not do this in the packaged agent: it tries
         * the native library only when lz4-java was loaded by the system class loader, which
         * Quarkus' runner class loader is not, and this lz4-java's Java fallback is the safe
         * (array-bounds-checked) one, several times slower. The race's profile found that
         * fallback taking half the delivery thread (docs/performance.md).
         */
        private static LZ4Factory choose() {
            try {
                return LZ4Factory.nativeInstance();
            } catch (Throwable e) { // no library for this platform, or a temp dir it cannot be unpacked into
                LoggerFactory.getLogger(CompressType.class).info(
                        "lz4: the native library did not load ({}); using the slower Java implementation", e.toString());
                return LZ4Factory.fastestJavaInstance();
            }
        }
    }
}
