package io.logcamel.tail;

import io.logcamel.checkpoint.CheckpointSettings;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/** The {@code tail:} component: follows log files the way Logtail does. */
@Component("tail")
public class TailComponent extends DefaultComponent {

    /**
     * Directory of the durable checkpoint store shared by every tail endpoint. Defaults to the
     * environment variable {@code LOGCAMEL_CHECKPOINT_DIR}, else the setting
     * {@code logcamel.checkpoint.dir}, else {@code data/checkpoints}.
     */
    @Metadata
    private String checkpointDir;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        TailConfiguration configuration = new TailConfiguration();
        configuration.setName(remaining);
        TailEndpoint endpoint = new TailEndpoint(uri, this, configuration);
        setProperties(configuration, parameters);
        setProperties(endpoint, parameters);
        if (configuration.getCheckpointDir() == null) {
            configuration.setCheckpointDir(resolveCheckpointDir());
        }
        configuration.validate();
        return endpoint;
    }

    /** The component option, else the environment variable, else the setting, else the default. */
    public String resolveCheckpointDir() {
        if (checkpointDir != null && !checkpointDir.isBlank()) {
            return checkpointDir;
        }
        return CheckpointSettings.resolveDirectory(System::getenv, key -> {
            try {
                return getCamelContext().getPropertiesComponent().resolveProperty(key).orElse(null);
            } catch (RuntimeException e) {
                return null;
            }
        }).toString();
    }

    public String getCheckpointDir() {
        return checkpointDir;
    }

    public void setCheckpointDir(String checkpointDir) {
        this.checkpointDir = checkpointDir;
    }
}
