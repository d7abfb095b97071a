package io.logcamel.localstore;

import java.util.Map;

/**
 * One HTTP request as the handlers see it, already read off the socket: the raw path (what the
 * client signed), the decoded query parameters, the headers by case-insensitive name (one value
 * each), the body as received and the project taken from the Host header.
 */
record IncomingRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                       byte[] body, String project) {

    String header(String name) {
        return headers.get(name);
    }

    String param(String name) {
        return query.get(name);
    }
}
