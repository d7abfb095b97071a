package io.logcamel.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointStoreTest {

    @TempDir
    Path dir;

    private static FileCheckpoint entry(long inode, long offset, long seenAt) {
        return new FileCheckpoint("/var/log/app-" + inode + ".log", 2049, inode, 0xfeedfacecafebeefL, 1024, offset, seenAt, seenAt);
    }

    private CheckpointStore open(String token) {
        return new CheckpointStore(dir, "app", 0, 60_000, token);
    }

    @Test
    void entriesSurviveAReopenExactly() {
        CheckpointStore store = open(null);
        assertFalse(store.existedBefore());
        store.put(entry(7, 4096, 1000));
        store.put(entry(8, 10, 1000));
        store.flush(1000);
        CheckpointStore reopened = open(null);
        assertTrue(reopened.existedBefore());
        assertEquals(entry(7, 4096, 1000), reopened.find(2049, 7).orElseThrow());
        assertEquals(2, reopened.entries().size());
    }

    @Test
    void writesAlternateBetweenTwoSlots() {
        CheckpointStore store = open(null);
        store.put(entry(7, 1, 1));
        store.flush(1);
        store.put(entry(7, 2, 2));
        store.flush(2);
        CheckpointFile file = new CheckpointFile(dir, "app");
        assertTrue(Files.exists(file.slotA()) && Files.exists(file.slotB()));
        assertEquals(2, file.load().orElseThrow().entries().get(0).offset());
    }

    @Test
    void aTornOrCorruptNewestSlotFallsBackToThePreviousState() throws Exception {
        CheckpointStore store = open(null);
        store.put(entry(7, 100, 1));
        store.flush(1);
        store.put(entry(7, 200, 2));
        store.flush(2); // over the other slot: both exist, the newer holds 200
        CheckpointFile file = new CheckpointFile(dir, "app");
        file.load();
        Path newestSlot = file.newestSlot();
        Path olderSlot = newestSlot.equals(file.slotA()) ? file.slotB() : file.slotA();
        byte[] newest = Files.readAllBytes(newestSlot);

        Files.write(newestSlot, java.util.Arrays.copyOf(newest, newest.length - 20)); // torn
        assertEquals(100, open(null).find(2049, 7).orElseThrow().offset());

        byte[] flipped = newest.clone();
        int digit = new String(newest).indexOf("\"offset\":200") + 10;
        flipped[digit] = '9'; // valid JSON, wrong checksum
        Files.write(newestSlot, flipped);
        assertEquals(100, open(null).find(2049, 7).orElseThrow().offset());

        CheckpointStore recovered = open(null);
        recovered.put(entry(7, 300, 3));
        recovered.flush(3);
        assertEquals(300, open(null).find(2049, 7).orElseThrow().offset(), "the next write goes over the bad slot");
        assertEquals(100, readOffset(olderSlot), "the bad slot is the one rewritten; the good older state stays");

        Files.writeString(file.slotA(), "garbage");
        Files.writeString(file.slotB(), "");
        CheckpointStore empty = open(null);
        assertTrue(empty.entries().isEmpty(), "no good slot: start without checkpoints rather than fail");
    }

    private long readOffset(Path slot) throws Exception {
        String text = Files.readString(slot);
        int at = text.indexOf("\"offset\":") + 9;
        return Long.parseLong(text.substring(at, text.indexOf(',', at)));
    }

    @Test
    void entriesOfFilesGoneForLongerThanTheRetentionAreDropped() {
        CheckpointStore store = open(null);
        store.put(entry(1, 10, 0));
        store.put(entry(2, 10, 0));
        store.markSeen(2049, 2, "/var/log/app-2.log", 50_000);
        assertEquals(1, store.expire(70_000));
        store.flush(70_000);
        CheckpointStore reopened = open(null);
        assertFalse(reopened.find(2049, 1).isPresent());
        assertTrue(reopened.find(2049, 2).isPresent());
    }

    @Test
    void aNewRereadTokenDropsTheEntriesOnceAndIsRemembered() {
        CheckpointStore store = open(null);
        store.put(entry(7, 100, 1));
        store.flush(1);
        CheckpointStore withToken = open("v1");
        assertTrue(withToken.resetByToken());
        assertTrue(withToken.entries().isEmpty());
        withToken.put(entry(7, 50, 2));
        withToken.flush(2);
        CheckpointStore again = open("v1");
        assertFalse(again.resetByToken());
        assertEquals(50, again.find(2049, 7).orElseThrow().offset());
    }

    @Test
    void flushesAreCoalescedToTheInterval() {
        CheckpointStore store = new CheckpointStore(dir, "app", 1000, 60_000, null);
        store.put(entry(7, 1, 0));
        store.maybeFlush(5_000);
        store.put(entry(7, 2, 0));
        store.maybeFlush(5_500);
        assertTrue(store.isDirty(), "second write waits for the interval");
        assertEquals(1, new CheckpointFile(dir, "app").load().orElseThrow().entries().get(0).offset());
        store.maybeFlush(6_000);
        assertEquals(2, new CheckpointFile(dir, "app").load().orElseThrow().entries().get(0).offset());
    }

    @Test
    void directoryComesFromEnvironmentThenSettingThenDefault() {
        assertEquals(Path.of("/mnt/ckpt"), CheckpointSettings.resolveDirectory(
                Map.of("LOGCAMEL_CHECKPOINT_DIR", "/mnt/ckpt")::get, Map.of("logcamel.checkpoint.dir", "/etc/x")::get));
        assertEquals(Path.of("/etc/x"), CheckpointSettings.resolveDirectory(
                Map.<String, String>of()::get, Map.of("logcamel.checkpoint.dir", "/etc/x")::get));
        assertEquals(Path.of("data/checkpoints"), CheckpointSettings.resolveDirectory(
                Map.<String, String>of()::get, Map.<String, String>of()::get));
    }

    @Test
    void configNamesBecomeSafeFileNames() {
        assertEquals("nginx-access_1.x", CheckpointFile.safeFileName("nginx-access_1.x"));
        assertEquals("a%002fb", CheckpointFile.safeFileName("a/b"));
    }
}
