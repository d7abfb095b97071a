package io.logcamel.input.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

import java.util.Locale;

/**
 * Form bodies on an HTTP input. Camel's Vert.x HTTP consumer turns an
 * {@code application/x-www-form-urlencoded} or {@code multipart/form-data} request into form
 * fields: each field becomes a message header and the body a map. A log line sent that way
 * ({@code curl -d 'line'}) arrives as a header named after the whole line, which would then be
 * copied into the response (an invalid header name: a 500 after the data was stored) and the
 * line itself stored as the map's text. Such a request is refused with 415 instead.
 *
 * <p>{@link HttpPushGate} does this check itself; a route without a gate uses this class as a
 * step: {@code - process: {ref: refuseFormBody}}.
 */
@ApplicationScoped
@Named("refuseFormBody")
public class FormBody implements Processor {

    static final String ACCEPTED = "send lines as text/plain, or JSON as application/json or application/x-ndjson"
            + " (curl: --data-binary @file -H 'Content-Type: text/plain')";

    @Override
    public void process(Exchange exchange) {
        if (isForm(exchange.getMessage())) {
            refuse(exchange);
        }
    }

    public static boolean isForm(Message message) {
        String type = message.getHeader(Exchange.CONTENT_TYPE, "", String.class).toLowerCase(Locale.ROOT);
        return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
    }

    /** 415 with the types that are taken; the route stops and nothing of the request is kept. */
    public static void refuse(Exchange exchange) {
        Message message = exchange.getMessage();
        String type = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        dropFields(message);
        HttpPushGate.refuse(exchange, 415, "Content-Type " + type + " is not taken: " + ACCEPTED);
    }

    /** Removes the headers the form fields became, so that none is copied into the answer. */
    static void dropFields(Message message) {
        if (message instanceof HttpMessage http && isForm(message)) {
            for (String field : http.getRequest().formAttributes().names()) {
                message.removeHeader(field);
            }
        }
    }
}
