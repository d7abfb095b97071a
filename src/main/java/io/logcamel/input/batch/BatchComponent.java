package io.logcamel.input.batch;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code batch:} component: {@code to: batch:name} gathers the events an input hands over one
 * by one (a syslog message, a change record) into {@code LogBatch}es, and {@code from: batch:name}
 * ships them one at a time through a route whose exchange completes only when the batch was
 * delivered or spooled. The queue between them is bounded; when it is full the input waits,
 * drops (counted) or is paused.
 *
 * <p>All endpoints of one name share one queue. Its options may be given on any of them (usually
 * the {@code from:}); options given on several must agree.
 */
@Component("batch")
public class BatchComponent extends DefaultComponent {

    private final Map<String, List<BatchEndpoint>> endpoints = new HashMap<>();
    private final Map<String, BatchQueue> queues = new HashMap<>();
    /** Per name, kept across restarts of its queue, so the meters always read the live counters. */
    private final Map<String, BatchStatistics> statistics = new HashMap<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || !remaining.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("batch: the name in 'batch:" + remaining + "' must be letters, digits,"
                    + " '_', '.' or '-'");
        }
        BatchEndpoint endpoint = new BatchEndpoint(uri, this);
        endpoint.setName(remaining);
        setProperties(endpoint, parameters);
        synchronized (this) {
            endpoints.computeIfAbsent(remaining, n -> new ArrayList<>()).add(endpoint);
        }
        return endpoint;
    }

    /**
     * The open queue of {@code name}, opened on first use with the options of every endpoint of
     * that name (an option set on two endpoints with different values is an error naming it).
     */
    synchronized BatchQueue queue(String name) {
        BatchQueue queue = queues.get(name);
        if (queue == null || queue.isClosed()) {
            BatchStatistics counters = statistics.computeIfAbsent(name, n -> {
                BatchStatistics created = new BatchStatistics();
                created.register(getCamelContext(), n);
                return created;
            });
            queue = new BatchQueue(name, BatchEndpoint.merge(name, endpoints.getOrDefault(name, List.of())), counters);
            queues.put(name, queue);
        }
        return queue;
    }

    synchronized void closed(String name, BatchQueue queue) {
        queues.remove(name, queue);
    }
}
