package io.logcamel.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.lang.reflect.Method;
import java.util.Collection;

/**
 * Runs JMH with its usual command line (benchmark regex, {@code -wi}, {@code -i}, {@code -f}, ...)
 * and prints, besides JMH's own table, each result converted to MB/s of raw log lines
 * (see {@link #rawBytesPerOp}).
 */
public final class BenchMain {

    /**
     * Raw bytes one operation processes. A benchmark class declares its own with
     * {@code public static long rawBytesPerOp(BenchmarkParams)} (its corpus may depend on a
     * parameter); otherwise one batch of the producer benchmark's nginx lines is assumed.
     */
    static long rawBytesPerOp(BenchmarkParams params) throws Exception {
        String benchmark = params.getBenchmark();
        Class<?> type = Class.forName(benchmark.substring(0, benchmark.lastIndexOf('.')));
        try {
            Method declared = type.getMethod("rawBytesPerOp", BenchmarkParams.class);
            return (long) declared.invoke(null, params);
        } catch (NoSuchMethodException e) {
            return ProducerEncodeBenchmark.rawBytesPerBatch();
        }
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
        System.out.println();
        System.out.printf("%-60s %12s %12s%n", "benchmark", "batches/s", "MB/s");
        for (RunResult result : results) {
            double opsPerSecond = result.getPrimaryResult().getScore();
            long bytesPerOp = rawBytesPerOp(result.getParams());
            String name = result.getParams().getBenchmark().replaceAll(".*\\.", "")
                    + result.getParams().getParamsKeys().stream()
                    .map(k -> " " + k + "=" + result.getParams().getParam(k)).reduce("", String::concat);
            System.out.printf("%-60s %12.1f %12.1f%n", name, opsPerSecond, opsPerSecond * bytesPerOp / 1e6);
        }
    }
}
