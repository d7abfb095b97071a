package io.logcamel.guard;

import io.logcamel.input.FlowControl;
import io.logcamel.input.batch.BatchEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Pauses and resumes every input of the context under one reason, through the pause hook the
 * inputs already have ({@link FlowControl}): tail endpoints stop reading (delivery goes on),
 * flow-control beans (syslog TCP framing, HTTP push gate, SQL poll) do what a pause means for
 * them. Batch queues that drop when paused (UDP) are left alone: the guard slows inputs, it never
 * makes them lose data. Inputs created after a pause (a route started later) are paused on the
 * next {@link #pause} call, which the guard repeats on every check while over a limit.
 */
final class InputThrottle {

    private final CamelContext context;
    private final String reason;
    private final Set<FlowControl> paused = Collections.newSetFromMap(new IdentityHashMap<>());

    InputThrottle(CamelContext context, String reason) {
        this.context = context;
        this.reason = reason;
    }

    synchronized void pause() {
        for (FlowControl input : inputs()) {
            if (paused.add(input)) {
                input.pause(reason);
            }
        }
    }

    synchronized void resume() {
        for (FlowControl input : paused) {
            input.resume(reason);
        }
        paused.clear();
    }

    synchronized boolean isPaused() {
        return !paused.isEmpty();
    }

    private Set<FlowControl> inputs() {
        Set<FlowControl> inputs = new LinkedHashSet<>();
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof BatchEndpoint batch) {
                if ("block".equals(batch.getWhenFull())) {
                    inputs.add(batch);
                }
            } else if (endpoint instanceof FlowControl flow) {
                inputs.add(flow);
            }
        }
        inputs.addAll(context.getRegistry().findByType(FlowControl.class));
        inputs.removeIf(flow -> flow instanceof BatchEndpoint batch && !"block".equals(batch.getWhenFull()));
        return inputs;
    }
}
