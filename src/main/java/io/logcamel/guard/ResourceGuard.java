package io.logcamel.guard;

import io.logcamel.alarm.AlarmType;
import io.logcamel.alarm.Alarms;
import io.logcamel.metrics.MeterScope;
import io.logcamel.metrics.Metered;
import io.logcamel.metrics.StageMetrics;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds the agent to its CPU and memory limits ({@link GuardSettings}).
 *
 * <ul>
 * <li>CPU: a {@link CpuBudget} filled at {@code cpu-limit} cores and drained by what the process
 * really used ({@code /proc}, all threads); while it is in debt the inputs are paused, so the
 * average comes back to the limit.</li>
 * <li>Memory over the soft limit: inputs paused; still over after {@code memory-over-limit-grace}:
 * a clean shutdown with exit code {@link ExitCodes#MEMORY_SOFT_LIMIT}, so the supervisor
 * (systemd {@code Restart=always}, Kubernetes) starts a fresh process; checkpoints only ever
 * cover delivered data, so nothing acknowledged is lost.</li>
 * <li>Memory over the hard limit: exit at once ({@link ExitCodes#MEMORY_HARD_LIMIT}).</li>
 * </ul>
 * Every action is logged once per episode, counted ({@code logcamel_guard_*}) and raised as an alarm.
 */
@ApplicationScoped
public class ResourceGuard implements Metered {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceGuard.class);
    static final String CPU_REASON = "guard-cpu";
    static final String MEMORY_REASON = "guard-memory";

    @Inject
    GuardSettings settings;

    @Inject
    CamelContext context;

    @Inject
    Alarms alarms;

    private final ProcessUsage usage = new ProcessUsage();
    private final AtomicLong cpuPauses = new AtomicLong();
    private final AtomicLong memoryPauses = new AtomicLong();
    private final AtomicLong memoryRestarts = new AtomicLong();
    private ScheduledExecutorService timer;
    private InputThrottle cpuThrottle;
    private InputThrottle memoryThrottle;
    private volatile ProcessUsage.Sample current;
    private CpuBudget cpuBudget;
    private volatile boolean cpuLogged;
    private volatile long memoryOverSince;
    private volatile boolean exiting;

    void start(@Observes StartupEvent event) {
        current = usage.sample();
        if (!settings.enabled()) {
            LOG.info("Resource guard off (logcamel.guard.enabled=false)");
            return;
        }
        validate();
        cpuThrottle = new InputThrottle(context, CPU_REASON);
        memoryThrottle = new InputThrottle(context, MEMORY_REASON);
        StageMetrics.of(context).bind(this, "", "guard", this);
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "logcamel-guard");
            thread.setDaemon(true);
            return thread;
        });
        if (settings.cpuLimit() > 0) {
            cpuBudget = new CpuBudget(settings.cpuLimit(), System.nanoTime(), ProcessUsage.cpuNanos());
            long every = Math.max(20, settings.cpuInterval().toMillis());
            timer.scheduleWithFixedDelay(this::checkCpu, every, every, TimeUnit.MILLISECONDS);
        }
        long memoryEvery = Math.max(100, settings.memoryInterval().toMillis());
        timer.scheduleWithFixedDelay(this::checkMemory, memoryEvery, memoryEvery, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> current = usage.sample(), 1, 1, TimeUnit.SECONDS);
        LOG.info("Resource guard: CPU limit {} cores, memory soft limit {} MB (grace {} s), hard limit {} MB, heap soft"
                        + " limit {} MB", settings.cpuLimit(), settings.memorySoftLimitMb(),
                settings.memoryOverLimitGrace().toSeconds(), settings.memoryHardLimitMb(), settings.heapSoftLimitMb());
    }

    private void validate() {
        if (settings.cpuLimit() < 0) {
            throw new IllegalArgumentException("logcamel.guard.cpu-limit must be >= 0 cores (0: off), got "
                    + settings.cpuLimit());
        }
        if (settings.memorySoftLimitMb() < 0 || settings.memoryHardLimitMb() < 0 || settings.heapSoftLimitMb() < 0) {
            throw new IllegalArgumentException("logcamel.guard.memory-soft-limit-mb, memory-hard-limit-mb and"
                    + " heap-soft-limit-mb must be >= 0 (0: off)");
        }
        if (settings.memoryHardLimitMb() > 0 && settings.memorySoftLimitMb() > settings.memoryHardLimitMb()) {
            throw new IllegalArgumentException("logcamel.guard.memory-soft-limit-mb (" + settings.memorySoftLimitMb()
                    + ") must not be above logcamel.guard.memory-hard-limit-mb (" + settings.memoryHardLimitMb() + ")");
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** The latest reading of CPU and memory (every second). */
    public ProcessUsage.Sample current() {
        ProcessUsage.Sample sample = current;
        return sample == null ? usage.sample() : sample;
    }

    /** {@code ok}, {@code cpu-throttled}, {@code memory-paused} (or both), {@code off}. */
    public String guardState() {
        if (!settings.enabled()) {
            return "off";
        }
        boolean cpu = cpuThrottle != null && cpuThrottle.isPaused();
        boolean memory = memoryThrottle != null && memoryThrottle.isPaused();
        return cpu && memory ? "cpu-throttled,memory-paused" : cpu ? "cpu-throttled" : memory ? "memory-paused" : "ok";
    }

    private void checkCpu() {
        try {
            double limit = cpuBudget.limitCores();
            if (cpuBudget.inDebtAfter(System.nanoTime(), ProcessUsage.cpuNanos())) {
                if (!cpuThrottle.isPaused()) {
                    cpuPauses.incrementAndGet();
                    alarms.raise("", AlarmType.CPU_LIMIT, Alarms.Level.WARNING,
                            "CPU over logcamel.guard.cpu-limit " + limit + " cores: inputs paused");
                    if (!cpuLogged) {
                        cpuLogged = true;
                        LOG.warn("CPU use is over logcamel.guard.cpu-limit ({} cores): inputs are paused whenever"
                                + " needed to hold it (counted in logcamel_guard_cpu_pauses_total; logged once)", limit);
                    }
                }
                cpuThrottle.pause();
            } else if (cpuThrottle.isPaused()) {
                cpuThrottle.resume();
            }
        } catch (RuntimeException e) {
            LOG.warn("Resource guard: CPU check failed: {}", e.toString());
        }
    }

    private void checkMemory() {
        if (exiting) {
            return;
        }
        try {
            long rssMb = ProcessUsage.rssBytes() / 1048576;
            long heapMb = heapAfterGcBytes() / 1048576;
            if (settings.memoryHardLimitMb() > 0 && rssMb > settings.memoryHardLimitMb()) {
                exiting = true;
                memoryRestarts.incrementAndGet();
                alarms.raise("", AlarmType.MEM_LIMIT, Alarms.Level.ERROR, "RSS " + rssMb
                        + " MB over logcamel.guard.memory-hard-limit-mb " + settings.memoryHardLimitMb() + ": exit");
                LOG.error("Resident memory {} MB is over logcamel.guard.memory-hard-limit-mb ({} MB): exiting at once"
                        + " with code {} (the supervisor restarts the agent; undelivered data is read again)",
                        rssMb, settings.memoryHardLimitMb(), ExitCodes.MEMORY_HARD_LIMIT);
                Runtime.getRuntime().halt(ExitCodes.MEMORY_HARD_LIMIT);
                return;
            }
            boolean rssOver = settings.memorySoftLimitMb() > 0 && rssMb > settings.memorySoftLimitMb();
            boolean heapOver = settings.heapSoftLimitMb() > 0 && heapMb > settings.heapSoftLimitMb();
            long now = System.currentTimeMillis();
            if (rssOver || heapOver) {
                String what = rssOver ? "resident memory " + rssMb + " MB is over logcamel.guard.memory-soft-limit-mb ("
                        + settings.memorySoftLimitMb() + " MB)"
                        : "heap after GC " + heapMb + " MB is over logcamel.guard.heap-soft-limit-mb ("
                        + settings.heapSoftLimitMb() + " MB)";
                if (memoryOverSince == 0) {
                    memoryOverSince = now;
                    memoryPauses.incrementAndGet();
                    alarms.raise("", AlarmType.MEM_LIMIT, Alarms.Level.WARNING, what + ": inputs paused");
                    LOG.warn("The agent's {}: inputs are paused; if it stays over for {} s the agent restarts (exit code {})",
                            what, settings.memoryOverLimitGrace().toSeconds(), ExitCodes.MEMORY_SOFT_LIMIT);
                }
                memoryThrottle.pause();
                if (now - memoryOverSince >= settings.memoryOverLimitGrace().toMillis()) {
                    exiting = true;
                    memoryRestarts.incrementAndGet();
                    alarms.raise("", AlarmType.MEM_LIMIT, Alarms.Level.ERROR, what + " for "
                            + (now - memoryOverSince) / 1000 + " s: restarting");
                    LOG.error("The agent's {} for {} s (logcamel.guard.memory-over-limit-grace): shutting down cleanly"
                                    + " with exit code {} so that the supervisor restarts it", what,
                            (now - memoryOverSince) / 1000, ExitCodes.MEMORY_SOFT_LIMIT);
                    Quarkus.asyncExit(ExitCodes.MEMORY_SOFT_LIMIT);
                }
            } else if (memoryOverSince != 0) {
                LOG.info("The agent's memory is under its limits again (RSS {} MB, heap after GC {} MB): inputs resume",
                        rssMb, heapMb);
                memoryOverSince = 0;
                memoryThrottle.resume();
            }
        } catch (RuntimeException e) {
            LOG.warn("Resource guard: memory check failed: {}", e.toString());
        }
    }

    /** Heap in use right after the last collection of each pool: what garbage does not inflate. */
    private static long heapAfterGcBytes() {
        long total = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                MemoryUsage usage = pool.getCollectionUsage();
                total += usage == null ? pool.getUsage().getUsed() : usage.getUsed();
            }
        }
        return total;
    }

    @Override
    public void bindMeters(MeterScope scope) {
        scope.counter("logcamel.guard.cpu.pauses", "times the inputs were paused to hold the CPU limit", cpuPauses,
                        AtomicLong::doubleValue)
                .counter("logcamel.guard.memory.pauses", "times the inputs were paused over the memory soft limit",
                        memoryPauses, AtomicLong::doubleValue)
                .counter("logcamel.guard.memory.restarts", "restarts (exits) over a memory limit", memoryRestarts,
                        AtomicLong::doubleValue)
                .gauge("logcamel.guard.cpu.cores", "CPU used over the last second, in cores", this,
                        guard -> guard.current().cpuCores())
                .gauge("logcamel.guard.rss.bytes", "resident memory", this, guard -> guard.current().rssBytes());
    }
}
