package io.logcamel.logstore.sign;

import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of an HTTP request that a Log Service signature covers: method, path, query
 * parameters (not URL-encoded) and headers (looked up without regard to case).
 */
public record SignableRequest(String method, String path, Map<String, String> query, Map<String, String> headers) {

    public SignableRequest {
        TreeMap<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        headers = caseInsensitive;
        query = new TreeMap<>(query);
    }

    public String header(String name) {
        String value = headers.get(name);
        return value == null ? "" : value;
    }
}
