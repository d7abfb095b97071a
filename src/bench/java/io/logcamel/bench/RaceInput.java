package io.logcamel.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Writes the race's input: seeded nginx-combined lines ({@link NginxLogGenerator}) until the file
 * holds at least the asked number of MB (10^6 bytes), always whole lines. The same seed and size
 * always give the same file, so every contestant of every round reads identical bytes.
 *
 * <p>Arguments: {@code <file> <MB> <seed>}. Prints {@code lines=N bytes=M}.
 */
public final class RaceInput {

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: RaceInput <file> <MB> <seed>");
            System.exit(2);
        }
        Path file = Paths.get(args[0]);
        long targetBytes = Long.parseLong(args[1]) * 1_000_000L;
        NginxLogGenerator generator = new NginxLogGenerator(Long.parseLong(args[2]));
        long lines = 0;
        long bytes = 0;
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        // written under another name and renamed: a cut-short run never leaves a file that looks complete
        try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            while (bytes < targetBytes) {
                String line = generator.nextLine();
                out.write(line);
                out.write('\n');
                lines++;
                bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
            }
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("lines=" + lines + " bytes=" + bytes);
    }
}
