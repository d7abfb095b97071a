package io.logcamel.guard;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The agent's own consumption as the kernel counts it: CPU time and resident memory from
 * {@code /proc/self} (what {@code top}, systemd and the kubelet see), heap from the JVM. CPU is
 * a rate: cores used between two {@link #sample()} calls.
 */
public final class ProcessUsage {

    /** One reading. {@code cpuCores} is the average over the time since the previous reading. */
    public record Sample(long atNanos, long cpuNanos, double cpuCores, long rssBytes, long heapUsedBytes,
                         long heapMaxBytes) {

        public double rssMb() {
            return rssBytes / 1048576.0;
        }

        public double heapUsedMb() {
            return heapUsedBytes / 1048576.0;
        }
    }

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final com.sun.management.OperatingSystemMXBean OS = osBean();
    private Sample last;

    /** A new reading; its CPU rate covers the time since the last one (0 for the first). */
    public synchronized Sample sample() {
        long now = System.nanoTime();
        long cpu = cpuNanos();
        double cores = 0;
        if (last != null && now > last.atNanos()) {
            cores = Math.max(0, (double) (cpu - last.cpuNanos()) / (now - last.atNanos()));
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        last = new Sample(now, cpu, cores, rssBytes(), heap.getUsed(), heap.getMax());
        return last;
    }

    /** The last reading without taking a new one (null before the first). */
    public synchronized Sample last() {
        return last;
    }

    /** Process CPU time (all threads, user + system). */
    public static long cpuNanos() {
        return OS == null ? 0 : Math.max(0, OS.getProcessCpuTime());
    }

    /** Resident set size from {@code /proc/self/status} (VmRSS); -1 where there is no /proc. */
    public static long rssBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static com.sun.management.OperatingSystemMXBean osBean() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os : null;
    }
}
