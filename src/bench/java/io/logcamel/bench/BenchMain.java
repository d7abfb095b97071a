package io.logcamel.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.util.Collection;

/**
 * Runs JMH with its usual command line (benchmark regex, {@code -wi}, {@code -i}, {@code -f}, ...)
 * and prints, besides JMH's own table, each result converted to MB/s of raw log lines.
 */
public final class BenchMain {

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
        long bytesPerOp = ProducerEncodeBenchmark.rawBytesPerBatch();
        System.out.println();
        System.out.printf("%-60s %12s %12s%n", "benchmark", "batches/s", "MB/s");
        for (RunResult result : results) {
            double opsPerSecond = result.getPrimaryResult().getScore();
            String name = result.getParams().getBenchmark().replaceAll(".*\\.", "")
                    + result.getParams().getParamsKeys().stream()
                    .map(k -> " " + k + "=" + result.getParams().getParam(k)).reduce("", String::concat);
            System.out.printf("%-60s %12.1f %12.1f%n", name, opsPerSecond, opsPerSecond * bytesPerOp / 1e6);
        }
    }
}
