package io.logcamel.tail;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The options of one {@code tail:} endpoint: one collection config. Durations are milliseconds. */
@UriParams
public class TailConfiguration {

    public static final int MAX_LINE_SIZE_LIMIT = 8 * 1024 * 1024;

    /** The collection config name; it keys this config's checkpoints, so keep it stable. */
    @UriPath
    @Metadata(required = true)
    private String name;

    /** Base directories to search, comma-separated. */
    @UriParam
    @Metadata(required = true)
    private String path;

    /**
     * File globs relative to a base directory, comma-separated: a star (any characters) and a
     * question mark (one character) match within one directory level, a double star across levels
     * (including none). Naming only the live file
     * ({@code app.log}) is enough: rotated files are drained through their open descriptors and
     * found again by identity after a restart.
     */
    @UriParam(defaultValue = "*.log")
    private String include = "*.log";

    /**
     * Globs of files and directories to skip, comma-separated; relative to the base directory, or
     * absolute when starting with {@code /}. A matching directory is not descended into.
     */
    @UriParam
    private String exclude;

    /** How many directory levels below a base directory are searched (0 = the base directory only). */
    @UriParam(defaultValue = "10")
    private int maxDepth = 10;

    /**
     * Interval of the polling sweep that finds new, rotated and deleted files. File-system events
     * trigger a sweep sooner; the sweep is the source of truth (overlay and NFS mounts miss events).
     */
    @UriParam(defaultValue = "1000")
    private long pollInterval = 1000;

    /**
     * Where to start in a file that already existed the first time this config ran: {@code end}
     * (the last {@code tailSize} bytes, from the next line start) or {@code head}. Files appearing
     * later, and files unknown to an existing checkpoint store, are read from the start.
     */
    @UriParam(defaultValue = "end", enums = "end,head")
    private StartPosition startPosition = StartPosition.END;

    /** With {@code startPosition=end}: how many trailing bytes of a pre-existing file are read (0 = none). */
    @UriParam(defaultValue = "1048576")
    private long tailSize = 1024 * 1024;

    /** The files' encoding: {@code utf-8} or {@code gbk}; events are always UTF-8 text. */
    @UriParam(defaultValue = "utf-8", enums = "utf-8,gbk")
    private String encoding = "utf-8";

    /**
     * The longest line passed on whole, in bytes (at most 8 MiB). Longer lines are cut into parts;
     * each part is an event with field {@code __split__} set to its part number, starting at 1.
     */
    @UriParam(defaultValue = "524288")
    private int maxLineSize = 512 * 1024;

    /**
     * How lines are framed: plain text, or the logs a container runtime writes: cri (containerd,
     * CRI-O: time, stream, P or F tag, text) or docker (json-file: one JSON object with log, stream
     * and time), or auto (decided per line). With a container format each event has the runtime's
     * time (nanoseconds kept) and field stream; partial lines are joined per stream up to
     * maxLineSize; lines not in the format are passed on raw and counted.
     */
    @UriParam(defaultValue = "plain", enums = "plain,cri,docker,auto")
    private ContainerLogFormat format = ContainerLogFormat.PLAIN;

    /**
     * Tags from the kubelet's log layout: a file at
     * /var/log/pods/NAMESPACE_POD_UID/CONTAINER/RESTART.log (or a /var/log/containers link name)
     * gets tags _namespace_, _pod_name_, _pod_uid_, _container_name_, _restart_count_ and
     * _container_id_. Files elsewhere get none.
     */
    @UriParam(label = "kubernetes", defaultValue = "true")
    private boolean podMetadata = true;

    /**
     * The kubelet's directory of links named POD_NAMESPACE_CONTAINER-ID.log: where the container
     * id of a /var/log/pods file is looked up.
     */
    @UriParam(label = "kubernetes", defaultValue = "/var/log/containers")
    private String containerLinksPath = "/var/log/containers";

    /** Regex (whole name) of the namespaces whose container logs are collected; files outside the kubelet's layout are not judged. */
    @UriParam(label = "kubernetes")
    private String includeNamespace;

    /** Regex (whole name) of namespaces whose container logs are skipped. */
    @UriParam(label = "kubernetes")
    private String excludeNamespace;

    /** Regex (whole name) of the pods whose container logs are collected. */
    @UriParam(label = "kubernetes")
    private String includePod;

    /** Regex (whole name) of pods whose container logs are skipped. */
    @UriParam(label = "kubernetes")
    private String excludePod;

    /** Regex (whole name) of the containers whose logs are collected. */
    @UriParam(label = "kubernetes")
    private String includeContainer;

    /** Regex (whole name) of containers whose logs are skipped. */
    @UriParam(label = "kubernetes")
    private String excludeContainer;

    /**
     * Adds what the Kubernetes API knows of each container log's pod: tags _node_name_,
     * _pod_label_KEY_, _owner_kind_ and _owner_name_ (and _pod_annotation_KEY_ with
     * podAnnotations), from a watch of this node's pods. Needs RBAC to get, list and watch pods.
     * When the API is absent or refuses, logs carry their path metadata only (logged once).
     */
    @UriParam(label = "kubernetes", defaultValue = "false")
    private boolean kubernetesApi;

    /** The API server; empty: from the pod's service account, or the kubeconfig outside a cluster. */
    @UriParam(label = "kubernetes")
    private String kubernetesApiUrl;

    /** The node whose pods are watched; empty: environment variable NODE_NAME, else all pods. */
    @UriParam(label = "kubernetes")
    private String kubernetesNode;

    /** With kubernetesApi: also tag each log with its pod's annotations. */
    @UriParam(label = "kubernetes", defaultValue = "false")
    private boolean podAnnotations;

    /**
     * With kubernetesApi: only pods whose labels match this selector (kubectl syntax, e.g.
     * app=web,tier in (front,api),!canary). While the API does not answer, every pod is collected.
     */
    @UriParam(label = "kubernetes")
    private String podLabelSelector;

    /** A last line without newline is passed on after the file has not grown for this long. */
    @UriParam(defaultValue = "3000")
    private long lastLineTimeout = 3000;

    /** Regex (whole line) of the first line of a multi-line record, e.g. {@code \d{4}-\d{2}-\d{2}.*}. */
    @UriParam(label = "multiline")
    private String multilineStart;

    /** Regex (whole line) of lines that continue a multi-line record. */
    @UriParam(label = "multiline")
    private String multilineContinue;

    /** Regex (whole line) of the last line of a multi-line record. */
    @UriParam(label = "multiline")
    private String multilineEnd;

    /** An open multi-line record is passed on when no line was added to it for this long. */
    @UriParam(label = "multiline", defaultValue = "3000")
    private long multilineFlushTimeout = 3000;

    /** Lines that belong to no multi-line record: {@code single} (keep each as a record) or {@code discard} (counted). */
    @UriParam(label = "multiline", defaultValue = "single", enums = "single,discard")
    private UnmatchedPolicy unmatchedPolicy = UnmatchedPolicy.SINGLE;

    /** A batch (one exchange) holds at most this many events. */
    @UriParam(label = "batch", defaultValue = "4096")
    private int maxBatchLines = 4096;

    /** A batch holds at most about this many bytes of lines. */
    @UriParam(label = "batch", defaultValue = "2097152")
    private int maxBatchBytes = 2 * 1024 * 1024;

    /** A batch that is not full is sent once its first line has waited this long. */
    @UriParam(label = "batch", defaultValue = "200")
    private long batchLinger = 200;

    /**
     * Bytes read ahead of delivery (batches queued or in flight, not yet acknowledged). Past it,
     * reading waits while discovery and opening go on, so a stalled destination costs this much
     * memory at most (plus one batch per file being read). Reading goes on below
     * maxBatchesInFlight + 1 unacknowledged batches whatever their size, so every delivery thread
     * has a batch and one more is ready.
     */
    @UriParam(label = "batch", defaultValue = "1048576")
    private long readAheadBytes = 1024 * 1024;

    /**
     * Batches of a file sent through the route at the same time (one delivery thread each). Raise it
     * (2-4) for a destination a long round trip away. Above 1 the batches of a file may reach the
     * destination out of order, and a failed batch makes the later ones in flight be sent again
     * (the checkpoint still moves only over acknowledged data, in order).
     */
    @UriParam(label = "batch", defaultValue = "1")
    private int maxBatchesInFlight = 1;

    /** A file read to its end and unchanged for this long is closed; it is reopened when it changes. */
    @UriParam(defaultValue = "300000")
    private long idleCloseTimeout = 300_000;

    /**
     * How many files that moved away from a watched path (rotated or deleted) stay open to be read
     * to their end, per config (at least 20). Beyond it the oldest fully read ones are closed; a
     * file with unread data is never closed for this.
     */
    @UriParam(defaultValue = "20")
    private int rotatedQueueSize = 20;

    /** Regex with one capture group applied to the file path; the group becomes the batch topic. */
    @UriParam
    private String topicPattern;

    /**
     * Re-read every file of this config from the start, once: set a new token (any text, e.g. a
     * date). When it differs from the token stored with the checkpoints, the checkpoints are
     * dropped and files are read from the start; the token is stored, so later restarts resume normally.
     */
    @UriParam(label = "advanced")
    private String rereadFromStart;

    /** Checkpoint directory; defaults to the component's (setting {@code logcamel.checkpoint.dir}). */
    @UriParam(label = "advanced")
    private String checkpointDir;

    /**
     * Least time between checkpoint writes. Writes run on a background thread (each is an fsync)
     * and are coalesced while one is in progress; with 0 every acknowledged batch is written, so
     * after a crash the duplicates are bounded by the batches in flight (maxBatchesInFlight) plus
     * the batches acknowledged during one write. A larger interval trades more duplicates after a
     * crash for fewer fsyncs. A clean stop writes at once.
     */
    @UriParam(label = "advanced", defaultValue = "0")
    private long checkpointFlushInterval = 0;

    /** Checkpoints of files not seen for this long are dropped, so the store does not grow forever. */
    @UriParam(label = "advanced", defaultValue = "86400000")
    private long checkpointRetention = 86_400_000L;

    /** First delay before a batch whose delivery failed is read and sent again; doubles up to {@code maxRetryDelay}. */
    @UriParam(label = "advanced", defaultValue = "200")
    private long retryDelay = 200;

    /** Longest delay between delivery attempts of a failing file. */
    @UriParam(label = "advanced", defaultValue = "10000")
    private long maxRetryDelay = 10_000;

    /** Checks every option and throws an error that names the bad one. */
    public void validate() {
        require(name != null && !name.isBlank(), "name", "must be set (tail:{name})");
        require(path != null && !path.isBlank(), "path", "must name at least one base directory");
        require(!includes().isEmpty(), "include", "must name at least one glob");
        require(maxDepth >= 0 && maxDepth <= 1000, "maxDepth", "must be 0..1000");
        require(pollInterval > 0, "pollInterval", "must be > 0");
        require(tailSize >= 0, "tailSize", "must be >= 0");
        require(maxLineSize >= 1024 && maxLineSize <= MAX_LINE_SIZE_LIMIT, "maxLineSize", "must be 1024..8388608");
        require(lastLineTimeout >= 0, "lastLineTimeout", "must be >= 0");
        require(multilineFlushTimeout >= 0, "multilineFlushTimeout", "must be >= 0");
        require(maxBatchLines > 0, "maxBatchLines", "must be > 0");
        require(maxBatchBytes > 0, "maxBatchBytes", "must be > 0");
        require(batchLinger >= 0, "batchLinger", "must be >= 0");
        require(readAheadBytes >= 64 * 1024, "readAheadBytes", "must be >= 65536");
        require(maxBatchesInFlight >= 1 && maxBatchesInFlight <= 16, "maxBatchesInFlight", "must be 1..16");
        require(idleCloseTimeout > 0, "idleCloseTimeout", "must be > 0");
        require(rotatedQueueSize >= 20, "rotatedQueueSize", "must be >= 20");
        require(checkpointFlushInterval >= 0, "checkpointFlushInterval", "must be >= 0");
        require(checkpointRetention > 0, "checkpointRetention", "must be > 0");
        require(retryDelay > 0 && maxRetryDelay >= retryDelay, "retryDelay", "must be > 0 and <= maxRetryDelay");
        charset();
        compile("multilineStart", multilineStart);
        require(podLabelSelector == null || podLabelSelector.isBlank() || kubernetesApi, "podLabelSelector",
                "needs kubernetesApi=true (labels come from the Kubernetes API)");
        if (podLabelSelector != null && !podLabelSelector.isBlank()) {
            LabelSelector.parse("podLabelSelector", podLabelSelector);
        }
        compile("includeNamespace", includeNamespace);
        compile("excludeNamespace", excludeNamespace);
        compile("includePod", includePod);
        compile("excludePod", excludePod);
        compile("includeContainer", includeContainer);
        compile("excludeContainer", excludeContainer);
        compile("multilineContinue", multilineContinue);
        compile("multilineEnd", multilineEnd);
        Pattern topic = compile("topicPattern", topicPattern);
        require(topic == null || topic.matcher("").groupCount() >= 1, "topicPattern", "needs one capture group");
    }

    public Charset charset() {
        String normalized = encoding == null ? "" : encoding.trim().toLowerCase();
        return switch (normalized) {
            case "utf-8", "utf8" -> java.nio.charset.StandardCharsets.UTF_8;
            case "gbk", "gb2312", "gb18030" -> Charset.forName(normalized.equals("gb18030") ? "GB18030" : "GBK");
            default -> throw new RuntimeCamelException("tail option encoding: '" + encoding + "' is not utf-8 or gbk");
        };
    }

    /** Absolute and normalised, so that {@code __path__} names a file the same way whatever the working directory. */
    public List<Path> baseDirectories() {
        return split(path).stream().map(base -> Path.of(base).toAbsolutePath().normalize()).toList();
    }

    public List<String> includes() {
        return split(include);
    }

    public List<String> excludes() {
        return split(exclude);
    }

    public boolean isMultiline() {
        return notBlank(multilineStart) || notBlank(multilineContinue) || notBlank(multilineEnd);
    }

    public static Pattern compile(String option, String regex) {
        if (!notBlank(regex)) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new RuntimeCamelException("tail option " + option + ": invalid regex '" + regex + "': " + e.getDescription());
        }
    }

    private static void require(boolean condition, String option, String message) {
        if (!condition) {
            throw new RuntimeCamelException("tail option " + option + " " + message);
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static List<String> split(String list) {
        if (list == null) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    // ---- getters and setters (Camel binds options through them) ------------------------------

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getPath() { return path; }
    public void setPath(String path) { this.path = path; }
    public String getInclude() { return include; }
    public void setInclude(String include) { this.include = include; }
    public String getExclude() { return exclude; }
    public void setExclude(String exclude) { this.exclude = exclude; }
    public int getMaxDepth() { return maxDepth; }
    public void setMaxDepth(int maxDepth) { this.maxDepth = maxDepth; }
    public long getPollInterval() { return pollInterval; }
    public void setPollInterval(long pollInterval) { this.pollInterval = pollInterval; }
    public StartPosition getStartPosition() { return startPosition; }
    public void setStartPosition(StartPosition startPosition) { this.startPosition = startPosition; }
    public long getTailSize() { return tailSize; }
    public void setTailSize(long tailSize) { this.tailSize = tailSize; }
    public String getEncoding() { return encoding; }
    public void setEncoding(String encoding) { this.encoding = encoding; }
    public int getMaxLineSize() { return maxLineSize; }
    public void setMaxLineSize(int maxLineSize) { this.maxLineSize = maxLineSize; }
    public ContainerLogFormat getFormat() { return format; }
    public void setFormat(ContainerLogFormat format) { this.format = format == null ? ContainerLogFormat.PLAIN : format; }
    /** The node to watch pods of, or null for all. */
    String kubernetesNode() {
        if (notBlank(kubernetesNode)) {
            return kubernetesNode.trim();
        }
        String fromEnvironment = System.getenv("NODE_NAME");
        return notBlank(fromEnvironment) ? fromEnvironment.trim() : null;
    }

    public boolean isKubernetesApi() { return kubernetesApi; }
    public void setKubernetesApi(boolean kubernetesApi) { this.kubernetesApi = kubernetesApi; }
    public String getKubernetesApiUrl() { return kubernetesApiUrl; }
    public void setKubernetesApiUrl(String kubernetesApiUrl) { this.kubernetesApiUrl = kubernetesApiUrl; }
    public String getKubernetesNode() { return kubernetesNode; }
    public void setKubernetesNode(String kubernetesNode) { this.kubernetesNode = kubernetesNode; }
    public boolean isPodAnnotations() { return podAnnotations; }
    public void setPodAnnotations(boolean podAnnotations) { this.podAnnotations = podAnnotations; }
    public String getPodLabelSelector() { return podLabelSelector; }
    public void setPodLabelSelector(String podLabelSelector) { this.podLabelSelector = podLabelSelector; }
    public boolean isPodMetadata() { return podMetadata; }
    public void setPodMetadata(boolean podMetadata) { this.podMetadata = podMetadata; }
    public String getContainerLinksPath() { return containerLinksPath; }
    public void setContainerLinksPath(String containerLinksPath) { this.containerLinksPath = containerLinksPath; }
    public String getIncludeNamespace() { return includeNamespace; }
    public void setIncludeNamespace(String includeNamespace) { this.includeNamespace = includeNamespace; }
    public String getExcludeNamespace() { return excludeNamespace; }
    public void setExcludeNamespace(String excludeNamespace) { this.excludeNamespace = excludeNamespace; }
    public String getIncludePod() { return includePod; }
    public void setIncludePod(String includePod) { this.includePod = includePod; }
    public String getExcludePod() { return excludePod; }
    public void setExcludePod(String excludePod) { this.excludePod = excludePod; }
    public String getIncludeContainer() { return includeContainer; }
    public void setIncludeContainer(String includeContainer) { this.includeContainer = includeContainer; }
    public String getExcludeContainer() { return excludeContainer; }
    public void setExcludeContainer(String excludeContainer) { this.excludeContainer = excludeContainer; }
    public long getLastLineTimeout() { return lastLineTimeout; }
    public void setLastLineTimeout(long lastLineTimeout) { this.lastLineTimeout = lastLineTimeout; }
    public String getMultilineStart() { return multilineStart; }
    public void setMultilineStart(String multilineStart) { this.multilineStart = multilineStart; }
    public String getMultilineContinue() { return multilineContinue; }
    public void setMultilineContinue(String multilineContinue) { this.multilineContinue = multilineContinue; }
    public String getMultilineEnd() { return multilineEnd; }
    public void setMultilineEnd(String multilineEnd) { this.multilineEnd = multilineEnd; }
    public long getMultilineFlushTimeout() { return multilineFlushTimeout; }
    public void setMultilineFlushTimeout(long multilineFlushTimeout) { this.multilineFlushTimeout = multilineFlushTimeout; }
    public UnmatchedPolicy getUnmatchedPolicy() { return unmatchedPolicy; }
    public void setUnmatchedPolicy(UnmatchedPolicy unmatchedPolicy) { this.unmatchedPolicy = unmatchedPolicy; }
    public int getMaxBatchLines() { return maxBatchLines; }
    public void setMaxBatchLines(int maxBatchLines) { this.maxBatchLines = maxBatchLines; }
    public int getMaxBatchBytes() { return maxBatchBytes; }
    public void setMaxBatchBytes(int maxBatchBytes) { this.maxBatchBytes = maxBatchBytes; }
    public long getBatchLinger() { return batchLinger; }
    public void setBatchLinger(long batchLinger) { this.batchLinger = batchLinger; }
    public long getReadAheadBytes() { return readAheadBytes; }
    public void setReadAheadBytes(long readAheadBytes) { this.readAheadBytes = readAheadBytes; }
    public int getMaxBatchesInFlight() { return maxBatchesInFlight; }
    public void setMaxBatchesInFlight(int maxBatchesInFlight) { this.maxBatchesInFlight = maxBatchesInFlight; }
    public long getIdleCloseTimeout() { return idleCloseTimeout; }
    public void setIdleCloseTimeout(long idleCloseTimeout) { this.idleCloseTimeout = idleCloseTimeout; }
    public int getRotatedQueueSize() { return rotatedQueueSize; }
    public void setRotatedQueueSize(int rotatedQueueSize) { this.rotatedQueueSize = rotatedQueueSize; }
    public String getTopicPattern() { return topicPattern; }
    public void setTopicPattern(String topicPattern) { this.topicPattern = topicPattern; }
    public String getRereadFromStart() { return rereadFromStart; }
    public void setRereadFromStart(String rereadFromStart) { this.rereadFromStart = rereadFromStart; }
    public String getCheckpointDir() { return checkpointDir; }
    public void setCheckpointDir(String checkpointDir) { this.checkpointDir = checkpointDir; }
    public long getCheckpointFlushInterval() { return checkpointFlushInterval; }
    public void setCheckpointFlushInterval(long checkpointFlushInterval) { this.checkpointFlushInterval = checkpointFlushInterval; }
    public long getCheckpointRetention() { return checkpointRetention; }
    public void setCheckpointRetention(long checkpointRetention) { this.checkpointRetention = checkpointRetention; }
    public long getRetryDelay() { return retryDelay; }
    public void setRetryDelay(long retryDelay) { this.retryDelay = retryDelay; }
    public long getMaxRetryDelay() { return maxRetryDelay; }
    public void setMaxRetryDelay(long maxRetryDelay) { this.maxRetryDelay = maxRetryDelay; }
}
