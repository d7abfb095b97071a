package io.logcamel.bench;

/**
 * The nginx corpus as CSV: the same seeded values, with the request, referer and user agent
 * quoted (user agents contain commas, some requests contain quotes written twice).
 */
public final class CsvLogGenerator {

    public static final String KEYS = "remote_addr,remote_user,time_local,request,status,body_bytes_sent,http_referer,http_user_agent";

    private final NginxLogGenerator nginx;

    public CsvLogGenerator(long seed) {
        this.nginx = new NginxLogGenerator(seed);
    }

    public String nextLine() {
        String line = nginx.nextLine();
        int timeStart = line.indexOf('[');
        int timeEnd = line.indexOf(']');
        int requestEnd = line.indexOf('"', timeEnd + 3);
        String[] statusBytes = line.substring(requestEnd + 2, line.indexOf(' ', line.indexOf(' ', requestEnd + 2) + 1)).split(" ");
        int refererStart = line.indexOf('"', requestEnd + 1) + 1;
        int refererEnd = line.indexOf('"', refererStart);
        String[] head = line.substring(0, timeStart).split(" ");
        return head[0] + "," + head[2] + "," + line.substring(timeStart + 1, timeEnd) + ",\""
                + line.substring(timeEnd + 3, requestEnd) + "\"," + statusBytes[0] + "," + statusBytes[1] + ",\""
                + line.substring(refererStart, refererEnd) + "\",\""
                + line.substring(refererEnd + 3, line.length() - 1).replace("\"", "\"\"") + "\"";
    }
}
