package io.logcamel.bench;

import io.logcamel.configserver.ConfigServer;
import io.logcamel.configserver.ConfigServerSettings;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * The config server alone in a JVM, for {@link FleetScaleBench}: its process CPU and heap are then
 * the server's, not mixed with the simulated agents'. Prints {@code port N}, then answers lines
 * on stdin: {@code stats} (requests, process CPU ns, heap used, threads), {@code gc} (the same
 * after a full GC) and {@code quit}.
 *
 * <pre>FleetServerProcess dbDirectory agentToken adminToken</pre>
 */
public final class FleetServerProcess {

    public static void main(String[] args) throws Exception {
        String jdbcUrl = "jdbc:h2:file:" + args[0] + "/fleet";
        try (ConfigServer server = ConfigServer.start(new ConfigServerSettings("127.0.0.1", 0, jdbcUrl, "sa", "",
                Set.of(args[1]), Set.of(args[2]), Duration.ofSeconds(35)))) {
            System.out.println("port " + server.port());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
                if (line.equals("gc")) {
                    System.gc();
                }
                System.out.println("stats " + server.requests() + " " + os.getProcessCpuTime() + " "
                        + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() + " "
                        + ManagementFactory.getThreadMXBean().getThreadCount());
                System.out.flush();
            }
        }
    }
}
