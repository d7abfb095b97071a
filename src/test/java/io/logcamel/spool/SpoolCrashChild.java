package io.logcamel.spool;

import io.logcamel.tail.TailComponent;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import java.nio.file.Path;

/**
 * A minimal agent in its own JVM for {@link SpoolCrashTest}: the scenario routes (tail to
 * logstore with a dead-letter channel into the spool, and the replay route), shipping to a local
 * Logstore that runs in the test's JVM and so outlives the kill. Prints {@code SPOOLED n} (logs
 * spooled by this process) every 50 ms. Arguments: logs dir, checkpoint dir, spool dir, port, key, secret.
 */
public final class SpoolCrashChild {

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        io.quarkus.bootstrap.logging.InitialConfigurator.DELAYED_HANDLER.setHandlers(
                new java.util.logging.Handler[]{io.quarkus.bootstrap.logging.InitialConfigurator.createDefaultHandler()});
        Path logs = Path.of(args[0]);
        DefaultCamelContext context = new DefaultCamelContext();
        TailComponent tail = new TailComponent();
        tail.setCheckpointDir(args[1]);
        context.addComponent("tail", tail);
        SpoolComponent spool = new SpoolComponent();
        spool.setDirectory(args[2]);
        context.addComponent("spool", spool);
        String logstore = "logstore:demo/app?endpoint=http://127.0.0.1:" + args[3] + "&accessKeyId=" + args[4]
                + "&accessKeySecret=" + args[5] + "&maxRetries=2&retryInitialDelay=10&retryMaxDelay=50";
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("tail:app?path=" + logs + "&startPosition=head&pollInterval=100&batchLinger=20"
                        + "&maxBatchLines=50&retryDelay=50&maxRetryDelay=400")
                        .routeId("collect")
                        .errorHandler(deadLetterChannel("spool:dead").deadLetterHandleNewException(false)
                                .useOriginalMessage())
                        .to(logstore);
                from("spool:dead?retryDelay=50ms&maxRetryDelay=400ms&idleDelay=100ms")
                        .routeId("replay")
                        .errorHandler(noErrorHandler())
                        .to(logstore);
            }
        });
        context.start();
        SpoolStore store = ((SpoolEndpoint) context.getRoute("replay").getEndpoint()).store();
        System.out.println("READY");
        while (true) {
            System.out.println("SPOOLED " + store.statistics().spooledLogs());
            Thread.sleep(50);
        }
    }
}
