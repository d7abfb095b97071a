package io.logcamel.input.syslog;

import io.logcamel.testing.LocalLogstoreFixture;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

import java.util.HashMap;
import java.util.Map;

/**
 * The syslog example route as shipped ({@code routes/examples/syslog.camel.yaml}), started in a
 * plain Camel context on free ports of 127.0.0.1, shipping to a test's local Logstore.
 */
record SyslogExample(CamelContext context, int udpPort, int tcpPort) {

    /** @param settings {@code logcamel.syslog.*} and other settings on top of host and ports */
    static SyslogExample start(LocalLogstoreFixture logstore, Map<String, String> settings) throws Exception {
        int udpPort = LocalLogstoreFixture.freeUdpPort();
        int tcpPort = LocalLogstoreFixture.freeTcpPort();
        CamelContext context = new DefaultCamelContext();
        Map<String, String> all = new HashMap<>(settings);
        all.put("logcamel.syslog.host", "127.0.0.1");
        all.put("logcamel.syslog.udp-port", Integer.toString(udpPort));
        all.put("logcamel.syslog.tcp-port", Integer.toString(tcpPort));
        all.forEach(context.getPropertiesComponent()::addInitialProperty);
        logstore.configure(context);
        LocalLogstoreFixture.loadYamlFile(context, "routes/examples/syslog.camel.yaml");
        context.start();
        return new SyslogExample(context, udpPort, tcpPort);
    }
}
