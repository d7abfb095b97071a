package io.logcamel.tail;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A minimal agent in its own JVM, for {@link TailCrashTest}: tails a directory and "delivers" each
 * batch by appending its line numbers to a file and fsyncing it before the exchange completes.
 * Arguments: logs directory, checkpoint directory, delivered-numbers file, extra URI options.
 */
public final class TailCrashChild {

    public static void main(String[] args) throws Exception {
        // activate Quarkus' start-up log handler (see TailHarness), else it keeps every record in memory
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        io.quarkus.bootstrap.logging.InitialConfigurator.DELAYED_HANDLER.setHandlers(
                new java.util.logging.Handler[]{io.quarkus.bootstrap.logging.InitialConfigurator.createDefaultHandler()});
        Path logs = Path.of(args[0]);
        Path checkpoints = Path.of(args[1]);
        FileChannel delivered = FileChannel.open(Path.of(args[2]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        String options = args.length > 3 ? args[3] : "";
        DefaultCamelContext context = new DefaultCamelContext();
        TailComponent component = new TailComponent();
        component.setCheckpointDir(checkpoints.toString());
        context.addComponent("tail", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("tail:crash?path=" + logs + "&pollInterval=100&batchLinger=20" + options).process(exchange -> {
                    StringBuilder numbers = new StringBuilder();
                    for (LogEvent event : exchange.getMessage().getBody(LogBatch.class).events()) {
                        numbers.append(event.get(LogEvent.CONTENT), 0, 8).append('\n');
                    }
                    delivered.write(ByteBuffer.wrap(numbers.toString().getBytes(StandardCharsets.US_ASCII)));
                    delivered.force(false);
                });
            }
        });
        context.start();
        System.out.println("READY");
        Thread.currentThread().join();
    }
}
