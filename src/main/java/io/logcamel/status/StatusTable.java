package io.logcamel.status;

import java.util.ArrayList;
import java.util.List;

/** The status report as a fixed-width text table, one line per collection config. */
public final class StatusTable {

    private StatusTable() {
    }

    public static String render(StatusReport report) {
        AgentStatus a = report.agent();
        StringBuilder out = new StringBuilder();
        out.append("agent ").append(a.version()).append(" on ").append(a.hostname()).append(" (").append(a.ip())
                .append(")  up ").append(a.uptimeSeconds()).append(" s  cpu ").append(a.cpuCores())
                .append(" cores  rss ").append(a.rssMb()).append(" MB  heap ").append(a.heapUsedMb()).append('/')
                .append(a.heapMaxMb()).append(" MB  guard ").append(a.guard()).append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"CONFIG", "STATE", "ERROR", "SINCE", "BEHIND", "LAST DELIVERY", "DELIVERED"});
        for (RouteStatus r : report.routes()) {
            rows.add(new String[] {r.route(), r.state(), r.errorCode() == null ? "-" : r.errorCode(),
                    r.failingSince() == null ? "-" : r.failingSince(), Long.toString(r.bytesBehind()),
                    r.lastDelivery() == null ? "-" : r.lastDelivery(), Long.toString(r.logsDelivered())});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + widths[i] + "s", row[i]));
                if (i < row.length - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
