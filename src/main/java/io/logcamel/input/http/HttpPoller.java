package io.logcamel.input.http;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Logtail's HTTP input as a route step after a timer: requests every configured URL (at the same
 * time) and makes a {@link LogBatch} with one log per URL: {@code url}, {@code method},
 * {@code result} ({@code success}, {@code timeout} or {@code error}), {@code status_code},
 * {@code latency_ms}, {@code response_size} and {@code body} (or what {@code extractRegex}
 * captures), or {@code error} when no answer came. A target that fails is a log, never an
 * exception: the route keeps polling.
 *
 * <p>Uses the JDK client rather than Camel's http component so that latency, response size and
 * connection failures are measured and reported the same way for every outcome.
 */
public class HttpPoller implements Processor {

    private HttpClient client;
    private List<URI> urls = List.of();
    private String method = "GET";
    private List<String[]> headers = List.of();
    private String body = "";
    private long timeoutMillis = 5000;
    private boolean includeBody = true;
    private int maxBodyBytes = 64 * 1024;
    private Pattern extract;
    private boolean followRedirects;

    @Override
    public void process(Exchange exchange) {
        if (urls.isEmpty()) {
            throw new IllegalStateException("logcamel.http-poll.urls is empty: nothing to poll");
        }
        HttpClient http = client();
        List<CompletableFuture<LogEvent>> polls = new ArrayList<>(urls.size());
        for (URI url : urls) {
            polls.add(poll(http, url));
        }
        LogBatch batch = new LogBatch();
        for (CompletableFuture<LogEvent> poll : polls) {
            batch.add(poll.join());
        }
        exchange.getMessage().setBody(batch);
    }

    private CompletableFuture<LogEvent> poll(HttpClient http, URI url) {
        LogEvent event = LogEvent.now().add("url", url.toString()).add("method", method);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofMillis(timeoutMillis))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(header -> request.header(header[0], header[1]));
        long started = System.nanoTime();
        return http.sendAsync(request.build(), CappedBody.handler(includeBody ? maxBodyBytes : 0))
                .handle((response, failure) -> {
                    event.add("latency_ms", latency(started));
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        event.add("result", cause instanceof HttpTimeoutException ? "timeout" : "error");
                        event.add("error", describe(cause));
                        return event;
                    }
                    event.add("result", "success")
                            .add("status_code", Integer.toString(response.statusCode()))
                            .add("response_size", Long.toString(response.body().size()));
                    if (includeBody) {
                        addBody(event, new String(response.body().kept(), StandardCharsets.UTF_8),
                                response.body().size() > response.body().kept().length);
                    }
                    return event;
                });
    }

    private void addBody(LogEvent event, String text, boolean truncated) {
        if (extract == null) {
            event.add("body", text);
            if (truncated) {
                event.add("body_truncated", "true");
            }
            return;
        }
        Matcher matcher = extract.matcher(text);
        if (matcher.find()) {
            event.add("body", matcher.groupCount() > 0 && matcher.group(1) != null ? matcher.group(1) : matcher.group());
            event.add("body_matched", "true");
        } else {
            event.add("body_matched", "false");
        }
    }

    private static String latency(long started) {
        return String.format(Locale.ROOT, "%.3f", (System.nanoTime() - started) / 1e6);
    }

    private static String describe(Throwable cause) {
        String kind = cause instanceof ConnectException ? "connection refused"
                : cause.getClass().getSimpleName();
        return cause.getMessage() == null || cause.getMessage().isEmpty() ? kind : kind + ": " + cause.getMessage();
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofMillis(timeoutMillis))
                    .followRedirects(followRedirects ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
                    .build();
        }
        return client;
    }

    // ---- settings ------------------------------------------------------------------------

    public String getUrls() {
        return String.join(",", urls.stream().map(URI::toString).toList());
    }

    /** Comma-separated http(s) URLs to request on every poll. */
    public void setUrls(String text) {
        List<URI> parsed = new ArrayList<>();
        for (String item : text.split(",")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = URI.create(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("logcamel.http-poll.urls: not a URL: " + trimmed, e);
            }
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException("logcamel.http-poll.urls: not an http(s) URL: " + trimmed);
            }
            parsed.add(uri);
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("logcamel.http-poll.urls must name at least one URL");
        }
        urls = List.copyOf(parsed);
    }

    public String getMethod() {
        return method;
    }

    /** The request method (GET, POST, HEAD, ...). */
    public void setMethod(String method) {
        if (method == null || !method.matches("[A-Za-z]+")) {
            throw new IllegalArgumentException("logcamel.http-poll.method is not an HTTP method: " + method);
        }
        this.method = method.toUpperCase(Locale.ROOT);
    }

    /** Request headers, one {@code Name: value} per line. */
    public void setHeaders(String text) {
        List<String[]> parsed = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("logcamel.http-poll.headers: expected 'Name: value', got: " + line);
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            try {
                HttpRequest.newBuilder().header(name, value); // the JDK refuses restricted ones (Host, Connection, ...)
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("logcamel.http-poll.headers: header not allowed: " + name, e);
            }
            parsed.add(new String[] {name, value});
        }
        headers = List.copyOf(parsed);
    }

    /** The request body, sent when not empty. */
    public void setBody(String body) {
        this.body = body == null ? "" : body;
    }

    public long getTimeoutMillis() {
        return timeoutMillis;
    }

    /** Connect and response timeout per request, ms. */
    public void setTimeoutMillis(long timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("logcamel.http-poll.timeout must be positive, was " + timeoutMillis);
        }
        this.timeoutMillis = timeoutMillis;
    }

    /** Whether the response body (or the extracted part) is a field of the log. */
    public void setIncludeBody(boolean includeBody) {
        this.includeBody = includeBody;
    }

    /** The most body bytes kept per response; the size is still reported in full. */
    public void setMaxBodyBytes(int maxBodyBytes) {
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("logcamel.http-poll.max-body-bytes must not be negative, was " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A regex: only its first match's group 1 (or the whole match) becomes {@code body}; empty: the whole body. */
    public void setExtractRegex(String regex) {
        if (regex == null || regex.isEmpty()) {
            extract = null;
            return;
        }
        try {
            extract = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("logcamel.http-poll.extract-regex is not a valid regex: " + e.getMessage(), e);
        }
    }

    /** Follow 3xx redirects (default: no, the redirect itself is reported). */
    public void setFollowRedirects(boolean followRedirects) {
        this.followRedirects = followRedirects;
    }
}
