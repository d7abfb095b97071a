package io.logcamel.spool;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code spool:} component: a disk dead-letter cache. {@code spool:name} as the dead-letter
 * URI of a route's error handler appends what failed; {@code from: spool:name} replays it. Both
 * ends of one name share one {@link SpoolStore}, opened on first use and closed with the component.
 */
@Component("spool")
public class SpoolComponent extends DefaultComponent {

    public static final String DIR_PROPERTY = "logcamel.spool.dir";
    public static final String DIR_ENV = "LOGCAMEL_SPOOL_DIR";
    public static final String DEFAULT_DIR = "data/spool";

    @Metadata(description = "The directory holding one subdirectory per spool name. Defaults to the"
            + " environment variable LOGCAMEL_SPOOL_DIR, else the setting logcamel.spool.dir, else data/spool.")
    private String directory;

    private final Map<Path, SpoolStore> stores = new HashMap<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || !remaining.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("spool: the name in 'spool:" + remaining + "' must be letters, digits,"
                    + " '_', '.' or '-' (it names a directory)");
        }
        SpoolEndpoint endpoint = new SpoolEndpoint(uri, this);
        endpoint.setName(remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The component option, else the environment variable, else the setting, else the default. */
    public Path resolveDirectory() {
        if (directory != null && !directory.isBlank()) {
            return Path.of(directory.trim());
        }
        String fromEnv = System.getenv(DIR_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv.trim());
        }
        try {
            String fromSettings = getCamelContext().getPropertiesComponent().resolveProperty(DIR_PROPERTY).orElse(null);
            if (fromSettings != null && !fromSettings.isBlank()) {
                return Path.of(fromSettings.trim());
            }
        } catch (RuntimeException ignored) {
            // no properties component: fall through to the default
        }
        return Path.of(DEFAULT_DIR);
    }

    /**
     * The store of a directory, opened once: a producer and a consumer of the same spool must share
     * one writer and one acknowledged position. The first endpoint to open it fixes its settings.
     */
    synchronized SpoolStore store(SpoolSettings settings) throws IOException {
        Path key = settings.dir().toAbsolutePath().normalize();
        SpoolStore store = stores.get(key);
        if (store == null) {
            store = SpoolStore.open(settings);
            stores.put(key, store);
        }
        return store;
    }

    /** An opened store by name, for tests and status pages; {@code null} when not open. */
    public synchronized SpoolStore openedStore(Path dir) {
        return stores.get(dir.toAbsolutePath().normalize());
    }

    @Override
    protected synchronized void doStop() throws Exception {
        for (SpoolStore store : stores.values()) {
            store.close();
        }
        stores.clear();
        super.doStop();
    }

    public String getDirectory() {
        return directory;
    }

    public void setDirectory(String directory) {
        this.directory = directory;
    }
}
