package io.logcamel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU ticks of each thread of a process between two snapshots ({@code /proc/<pid>/task/<tid>/stat}),
 * named by {@code jcmd <pid> Thread.print} (the kernel's {@code comm} keeps only 15 characters, which
 * makes every Camel thread look alike). Threads that started and ended between the snapshots are not
 * seen; the total of the process is.
 */
final class ThreadCpu {

    private static final Pattern NID = Pattern.compile("^\"(.*)\" .* nid=(0x[0-9a-f]+|\\d+) ", Pattern.MULTILINE);

    private final long pid;
    private final Map<Long, Long> before;

    private ThreadCpu(long pid, Map<Long, Long> before) {
        this.pid = pid;
        this.before = before;
    }

    static ThreadCpu start(long pid) throws IOException {
        return new ThreadCpu(pid, ticks(pid));
    }

    /** Ticks per thread name since {@link #start}, largest first. */
    Map<String, Long> since() throws IOException, InterruptedException {
        Map<Long, Long> after = ticks(pid);
        Map<Long, String> names = names(pid);
        Map<String, Long> byName = new HashMap<>();
        after.forEach((tid, ticks) -> {
            long used = ticks - before.getOrDefault(tid, 0L);
            if (used > 0) {
                byName.merge(names.getOrDefault(tid, "tid " + tid), used, Long::sum);
            }
        });
        Map<String, Long> sorted = new LinkedHashMap<>();
        byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static Map<Long, Long> ticks(long pid) throws IOException {
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    ticks.put(Long.parseLong(task.getFileName().toString()), cpuTicks(task.resolve("stat")));
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks;
    }

    /** {@code utime + stime} of a process's or a thread's {@code stat} file under /proc, in ticks. */
    static long cpuTicks(Path statFile) throws IOException {
        String stat = Files.readString(statFile);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static Map<Long, String> names(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
        String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        Map<Long, String> names = new HashMap<>();
        Matcher thread = NID.matcher(dump);
        while (thread.find()) {
            String nid = thread.group(2);
            names.put(nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid), thread.group(1));
        }
        return names;
    }
}
