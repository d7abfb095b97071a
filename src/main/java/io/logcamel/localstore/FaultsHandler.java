package io.logcamel.localstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /_local/faults}: lets a test in another process set the PutLogs faults. {@code PUT}
 * replaces them with {@code {"errorCode":"ServerBusy","rate":0.3,"outage":false,"latencyMillis":0}}
 * (absent fields mean none), {@code DELETE} clears them, {@code GET} shows them. The server only
 * routes here for loopback clients.
 */
final class FaultsHandler {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final FaultInjector faults;

    FaultsHandler(FaultInjector faults) {
        this.faults = faults;
    }

    Reply handle(IncomingRequest request) {
        switch (request.method()) {
            case "GET" -> {
                return current();
            }
            case "DELETE" -> {
                faults.clear();
                return current();
            }
            case "PUT", "POST" -> {
                JsonNode body;
                try {
                    body = MAPPER.readTree(request.body());
                } catch (IOException e) {
                    throw LogstoreError.parameterInvalid("the faults body is not JSON: " + e.getMessage());
                }
                if (body == null || !body.isObject()) {
                    throw LogstoreError.parameterInvalid("the faults body must be a JSON object");
                }
                String errorCode = body.hasNonNull("errorCode") ? body.get("errorCode").asText() : null;
                double rate = body.hasNonNull("rate") ? body.get("rate").asDouble() : (errorCode == null ? 0 : 1);
                try {
                    FaultInjector replacement = new FaultInjector();
                    // validate everything before touching the live injector
                    replacement.setError(errorCode, rate);
                    replacement.setLatencyMillis(body.path("latencyMillis").asLong(0));
                    faults.clear();
                    faults.setError(errorCode, rate);
                    faults.setOutage(body.path("outage").asBoolean(false));
                    faults.setLatencyMillis(body.path("latencyMillis").asLong(0));
                } catch (IllegalArgumentException e) {
                    throw LogstoreError.parameterInvalid(e.getMessage());
                }
                return current();
            }
            default -> throw new LogstoreError(405, "MethodNotAllowed", "use GET, PUT or DELETE on /_local/faults");
        }
    }

    private Reply current() {
        return Reply.json(200, faults.describe().getBytes(StandardCharsets.UTF_8));
    }
}
