package io.logcamel.localstore;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.camel.CamelContext;
import org.apache.camel.quarkus.main.events.AfterStop;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Runs the embedded Logstore for the application's lifetime when
 * {@code logcamel.localstore.enabled=true}. Starting at StartupEvent means routes that ship to it
 * find it listening. It stops only after Camel has stopped (its routes drained their batches in
 * flight and wrote their checkpoints): Quarkus fires ShutdownEvent before Camel stops, and a
 * Logstore closed then would fail the last batches of a clean stop and have them sent again.
 */
@ApplicationScoped
public class LocalstoreLifecycle {

    private static final Logger LOG = Logger.getLogger(LocalstoreLifecycle.class);

    private final LocalstoreConfig config;
    private final CamelContext camel;
    private volatile LocalLogstoreServer server;

    public LocalstoreLifecycle(LocalstoreConfig config, CamelContext camel) {
        this.config = config;
        this.camel = camel;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.debug("local Logstore disabled (logcamel.localstore.enabled=false)");
            return;
        }
        LocalLogstoreSettings settings = LocalstoreSettingsFactory.settings(config);
        try {
            LocalLogstoreServer started = LocalLogstoreServer.start(settings);
            try {
                LocalstoreSettingsFactory.applyFaults(config.faults(), started.faults());
            } catch (IllegalArgumentException e) {
                started.close();
                throw e;
            }
            server = started;
        } catch (IOException e) {
            throw new UncheckedIOException("the local Logstore could not start on " + settings.host() + ":" + settings.port()
                    + " with data in " + settings.dataDir() + ": " + e.getMessage(), e);
        }
    }

    /** Camel has stopped: every route is done with the local Logstore. */
    void onCamelStopped(@Observes AfterStop event) {
        close();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (camel.getStatus().isStoppable()) {
            return; // Camel still runs its routes: closed once it has stopped (onCamelStopped)
        }
        close();
    }

    private void close() {
        LocalLogstoreServer running = server;
        if (running != null) {
            server = null;
            running.close();
        }
    }

    /** The running server, or null when disabled: for status pages and in-process tests. */
    public LocalLogstoreServer server() {
        return server;
    }
}
