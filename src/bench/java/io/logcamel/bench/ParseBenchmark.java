package io.logcamel.bench;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.parse.BatchStep;
import io.logcamel.parse.ParseComponent;
import io.logcamel.parse.ParseEndpoint;
import io.logcamel.parse.time.TimeComponent;
import io.logcamel.parse.time.TimeEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The parse steps on one thread, one operation = one batch of 4096 seeded lines, built from the
 * line strings (as an input would) and parsed in place. {@link BenchMain} turns ops/s into MB/s
 * of raw lines with {@link #rawBytesPerOp(BenchmarkParams)}.
 *
 * <ul>
 *   <li>regex: a hand-written java.util.regex for nginx combined, 10 groups (9 fields + time)</li>
 *   <li>regexTime: the same, then time:parse of time_local with %d/%b/%Y:%H:%M:%S %z</li>
 *   <li>nginx: parse:nginx (log_format scanner), 9 fields; nginxTime: plus time:parse</li>
 *   <li>nginxSplitTime: parse:nginx with splitRequest (9 fields + time, like regex), plus time:parse</li>
 *   <li>nginxRegex: parse:nginx with engine=regex (the log_format compiled to java.util.regex)</li>
 *   <li>json: the JSON corpus, nested objects flattened, arrays kept as text</li>
 *   <li>delimiter: the nginx corpus as quoted CSV, 8 columns</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParseBenchmark {

    public static final int LINES_PER_BATCH = 4096;
    static final String NGINX_REGEX = "(\\S+) \\S+ (\\S+) \\[([^\\]]+)\\] \"(\\S+) (\\S+) (\\S+)\" (\\d{3}) (\\d+|-) \"([^\"]*)\" \"([^\"]*)\"";
    static final String NGINX_KEYS = "remote_addr,remote_user,time_local,method,uri,protocol,status,body_bytes_sent,http_referer,http_user_agent";
    static final String TIME = "time:parse?sourceKey=time_local&format=RAW(%d/%b/%Y:%H:%M:%S %z)&maxAge=0&maxFuture=0";

    @Param({"regex", "regexTime", "nginx", "nginxTime", "nginxSplitTime", "nginxRegex", "json", "delimiter"})
    public String parser;

    private CamelContext context;
    private String[] lines;
    private List<BatchStep> steps;

    public static long rawBytesPerOp(BenchmarkParams params) {
        long bytes = 0;
        for (String line : corpus(params.getParam("parser"))) {
            bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return bytes;
    }

    static String[] corpus(String parser) {
        String[] lines = new String[LINES_PER_BATCH];
        Supplier<String> next;
        if (parser.equals("json")) {
            next = new JsonLogGenerator(42)::nextLine;
        } else if (parser.equals("delimiter")) {
            next = new CsvLogGenerator(42)::nextLine;
        } else {
            next = new NginxLogGenerator(42)::nextLine;
        }
        for (int i = 0; i < lines.length; i++) {
            lines[i] = next.get();
        }
        return lines;
    }

    @Setup(Level.Trial)
    public void setUp() {
        context = new DefaultCamelContext();
        context.addComponent("parse", new ParseComponent());
        context.addComponent("time", new TimeComponent());
        context.start();
        lines = corpus(parser);
        steps = new ArrayList<>();
        switch (parser) {
            case "regex":
            case "regexTime":
                steps.add(parse("parse:regex?pattern=RAW(" + NGINX_REGEX + ")&keys=" + NGINX_KEYS));
                break;
            case "nginx":
            case "nginxTime":
                steps.add(parse("parse:nginx"));
                break;
            case "nginxSplitTime":
                steps.add(parse("parse:nginx?splitRequest=true"));
                break;
            case "nginxRegex":
                steps.add(parse("parse:nginx?engine=regex"));
                break;
            case "json":
                steps.add(parse("parse:json"));
                break;
            case "delimiter":
                steps.add(parse("parse:delimiter?keys=" + CsvLogGenerator.KEYS));
                break;
            default:
                throw new IllegalArgumentException(parser);
        }
        if (parser.endsWith("Time")) {
            steps.add(context.getEndpoint(TIME, TimeEndpoint.class).getStep());
        }
        // fail fast if a corpus line does not parse: a benchmark of the error path would flatter
        LogBatch check = batch();
        steps.forEach(step -> step.apply(check));
        for (LogEvent event : check.events()) {
            if (event.get("__parse_error__") != null) {
                throw new IllegalStateException(parser + " did not parse: " + event);
            }
        }
    }

    private BatchStep parse(String uri) {
        return context.getEndpoint(uri, ParseEndpoint.class).getStep();
    }

    private LogBatch batch() {
        List<LogEvent> events = new ArrayList<>(lines.length);
        for (String line : lines) {
            events.add(LogEvent.ofContent(1_795_478_400L, 0, line));
        }
        return new LogBatch(events);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        context.stop();
    }

    @Benchmark
    public LogBatch parseBatch() {
        LogBatch batch = batch();
        for (BatchStep step : steps) {
            step.apply(batch);
        }
        return batch;
    }
}
