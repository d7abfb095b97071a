package io.logcamel.testing;

import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import io.logcamel.logstore.LogstoreComponent;
import io.logcamel.logstore.LogstoreConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real local Logstore for input tests, plus the helpers every such test needs: the
 * {@code logstore:} URI that ships to it, a reader for what arrived, YAML route loading, free ports.
 */
public final class LocalLogstoreFixture implements AutoCloseable {

    public static final String KEY_ID = "input-key";
    public static final String SECRET = "input-secret";

    private final LocalLogstoreServer server;
    private final LogstoreReader reader;
    private final Path spoolDir;

    public LocalLogstoreFixture(Path dataDir) throws IOException {
        spoolDir = dataDir.resolve("spool");
        server = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0, dataDir,
                Map.of(KEY_ID, SECRET), "demo"));
        reader = new LogstoreReader(server.port(), "demo", KEY_ID, SECRET);
    }

    /** {@code logstore:demo/<logstore>} with this server's endpoint and keys, for a YAML {@code uri:}. */
    public String uri(String logstore) {
        return "logstore:demo/" + logstore + "?endpoint=http://localhost:" + server.port()
                + "&accessKeyId=" + KEY_ID + "&accessKeySecret=RAW(" + SECRET + ")&maxRetries=2&retryInitialDelay=20";
    }

    public LogstoreReader reader() {
        return reader;
    }

    public LocalLogstoreServer server() {
        return server;
    }

    /**
     * Points the context's {@code logstore} component at this server, as
     * {@code camel.component.logstore.*} settings do in the agent, so example routes that name
     * only project and logstore ship here.
     */
    public void configure(CamelContext context) {
        LogstoreConfiguration configuration = context.getComponent("logstore", LogstoreComponent.class).getConfiguration();
        configuration.setEndpoint("http://localhost:" + server.port());
        configuration.setAccessKeyId(KEY_ID);
        configuration.setAccessKeySecret(SECRET);
        configuration.setMaxRetries(2);
        // The examples' spools live beside this Logstore's data, never in the working directory,
        // and replay soon after an outage.
        context.getPropertiesComponent().addInitialProperty("logcamel.spool.dir", spoolDir.toString());
        context.getPropertiesComponent().addInitialProperty("logcamel.spool.max-retry-delay", "1s");
    }

    /** Where the spools of contexts {@link #configure configured} here live. */
    public Path spoolDir() {
        return spoolDir;
    }

    /** Loads a route file of the repository, e.g. {@code routes/examples/syslog.camel.yaml}. */
    public static void loadYamlFile(CamelContext context, String path) throws Exception {
        loadYaml(context, Files.readString(Path.of(path)));
    }

    public static void loadYaml(CamelContext context, String yaml) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("test.camel.yaml", yaml));
    }

    public static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
        server.close();
    }
}
