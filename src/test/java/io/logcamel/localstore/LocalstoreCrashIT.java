package io.logcamel.localstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.testing.AgentProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged agent running only its embedded local Logstore is killed with SIGKILL while two
 * clients send PutLogs as fast as it takes them, then started again on the same data directory.
 * Every log whose PutLogs was acknowledged is stored exactly once (checked number by number), and
 * a request cut off by the kill is stored whole or not at all.
 */
class LocalstoreCrashIT {

    private static final int SENDERS = 2;
    private static final int LOGS_PER_REQUEST = 500;
    private static final int REQUESTS_BEFORE_KILL = 40;

    @Test
    void sigkillWhileAcceptingLosesNoAcknowledgedLogAndStoresNoneTwice(@TempDir Path work) throws Exception {
        int port = AgentProcess.freePort();
        Files.createDirectories(work.resolve("routes"));
        Files.writeString(work.resolve("application.properties"), String.join("\n",
                "logcamel.localstore.enabled=true",
                "logcamel.localstore.port=" + port,
                "logcamel.localstore.data-dir=" + work.resolve("store"),
                "logcamel.localstore.access-keys=crash-key:crash-secret",
                "quarkus.http.port=" + AgentProcess.freePort(),
                "logcamel.routes.include=file:routes/*.camel.yaml", ""));
        SignedClient client = new SignedClient(port, "crash-key", "crash-secret");
        long now = Instant.now().getEpochSecond();
        AtomicIntegerArray acknowledged = new AtomicIntegerArray(SENDERS);
        AtomicInteger total = new AtomicInteger();

        try (AgentProcess agent = AgentProcess.start(work, work.resolve("agent-1.log"), Map.of())) {
            awaitUp(client, agent);
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                running.add(senders.submit(() -> {
                    for (int r = 0; ; r++) {
                        HttpResponse<String> put;
                        try {
                            put = client.putLogs("crash", batch(now, sender, r));
                        } catch (Exception e) {
                            return null; // the agent is gone: request r may or may not have been stored
                        }
                        assertEquals(200, put.statusCode(), put.body());
                        acknowledged.set(sender, r + 1);
                        total.incrementAndGet();
                    }
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (total.get() < REQUESTS_BEFORE_KILL && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(total.get() >= REQUESTS_BEFORE_KILL, "only " + total.get() + " PutLogs acknowledged in 2 minutes");
            agent.kill();
            for (Future<?> sender : running) {
                sender.get(60, TimeUnit.SECONDS);
            }
            senders.shutdown();
        }

        try (AgentProcess agent = AgentProcess.start(work, work.resolve("agent-2.log"), Map.of())) {
            awaitUp(client, agent);
            String replay = agent.output().lines().filter(line -> line.contains("not indexed yet")).findFirst()
                    .orElse("nothing was left to index");
            System.out.println("LocalstoreCrashIT: " + total.get() + " PutLogs acknowledged before the kill; at the restart: "
                    + replay.replaceAll(".*local Logstore: ", ""));
            for (int s = 0; s < SENDERS; s++) {
                JsonNode rows = client.logs("crash", Map.of("query", "sender: s" + s
                        + " | SELECT n, count(*) AS c GROUP BY n ORDER BY cast(n AS INTEGER) LIMIT 1000000"));
                Map<Integer, Integer> stored = new HashMap<>();
                rows.forEach(row -> stored.put(row.get("n").asInt(), row.get("c").asInt()));
                int acked = acknowledged.get(s);
                for (int n = 0; n < acked * LOGS_PER_REQUEST; n++) {
                    assertEquals(1, stored.getOrDefault(n, 0), "sender " + s + ": acknowledged log " + n + " stored once");
                }
                int cutOff = 0;
                for (Map.Entry<Integer, Integer> entry : stored.entrySet()) {
                    assertEquals(1, entry.getValue(), "sender " + s + ": log " + entry.getKey() + " stored once");
                    if (entry.getKey() >= acked * LOGS_PER_REQUEST) {
                        assertTrue(entry.getKey() < (acked + 1) * LOGS_PER_REQUEST,
                                "sender " + s + ": log " + entry.getKey() + " was never sent");
                        cutOff++;
                    }
                }
                assertTrue(cutOff == 0 || cutOff == LOGS_PER_REQUEST,
                        "sender " + s + ": the request cut off by the kill is stored whole or not at all, got " + cutOff);
            }
        }
    }

    private static LogBatch batch(long now, int sender, int request) {
        LogBatch batch = new LogBatch();
        for (int i = 0; i < LOGS_PER_REQUEST; i++) {
            int n = request * LOGS_PER_REQUEST + i;
            batch.add(new LogEvent(now, n).add("content", "sender " + sender + " log " + n + " " + "x".repeat(120))
                    .add("sender", "s" + sender).add("n", Integer.toString(n)));
        }
        return batch;
    }

    private static void awaitUp(SignedClient client, AgentProcess agent) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertTrue(agent.isAlive(), () -> "the agent exited:\n" + output(agent));
            try {
                if (client.getLogs("crash", Map.of("line", "0")).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the local Logstore did not answer within 2 minutes:\n" + output(agent));
    }

    private static String output(AgentProcess agent) {
        try {
            return agent.output();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
