package io.logcamel.status;

/** The agent itself: consumption, identity, uptime (the status line Logtail reports every minute). */
public record AgentStatus(String version, String hostname, String ip, long uptimeSeconds, double cpuCores,
                          double rssMb, double heapUsedMb, double heapMaxMb, String guard) {
}
