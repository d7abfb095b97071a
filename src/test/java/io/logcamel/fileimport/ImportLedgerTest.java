package io.logcamel.fileimport;

import io.logcamel.checkpoint.DurableStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger under the call sequences Camel's file consumer makes (eager: add while scanning,
 * confirm or remove at the end; non-eager: contains, then add or remove), with restarts (a new
 * ledger on the same directory) at the points where a crash could happen.
 */
class ImportLedgerTest {

    @TempDir
    Path dir;

    private ImportLedger ledger;

    @AfterEach
    void stop() {
        if (ledger != null) {
            ledger.stop();
        }
    }

    private ImportLedger restart() {
        if (ledger != null) {
            ledger.stop();
        }
        ledger = new ImportLedger();
        ledger.setDirectory(dir.resolve("checkpoints").toString());
        ledger.setName("test");
        ledger.start();
        return ledger;
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    /** Reads and delivers the whole file as one chunk, as FileChunks and ImportCommit do. */
    private void importWhole(String path, long size, long lines) {
        FileProgress progress = ledger.open(path);
        progress.endOfFile(size);
        ledger.delivered(progress, new ImportPosition(path, size, lines));
    }

    @Test
    void eagerModeRecordsAFileOnlyAtConfirmAfterItsLastChunk() throws IOException {
        String path = file("a.log", "one\ntwo\n").toString();
        restart();
        assertTrue(ledger.add(path), "scan: not imported yet");
        // a crash now: nothing is recorded
        restart();
        assertTrue(ledger.add(path));
        importWhole(path, 8, 2);
        // a crash after the last chunk was delivered, before confirm: not recorded, but nothing is left to send
        restart();
        assertTrue(ledger.add(path));
        FileProgress resumed = ledger.open(path);
        assertEquals(8, resumed.deliveredOffset());
        assertEquals(2, resumed.deliveredLines());
        resumed.endOfFile(8);
        assertTrue(ledger.confirm(path));
        assertEquals(1, ledger.getFilesImported());

        restart();
        assertFalse(ledger.add(path), "imported: the scan skips it");
        assertTrue(ledger.contains(path));
        assertNull(ledger.open(path));
    }

    @Test
    void nonEagerModeRecordsAtAdd() throws IOException {
        String path = file("b.log", "x\n").toString();
        restart();
        assertFalse(ledger.contains(path));
        importWhole(path, 2, 1);
        assertTrue(ledger.add(path));
        assertTrue(ledger.contains(path));
        assertEquals(1, ledger.getFilesImported());
    }

    @Test
    void aFailedOrIncompleteImportIsNotRecordedAndResumes() throws IOException {
        String path = file("c.log", "1\n2\n3\n4\n").toString();
        restart();
        FileProgress progress = ledger.open(path);
        ledger.delivered(progress, new ImportPosition(path, 4, 2));
        assertTrue(ledger.remove(path), "the exchange failed");
        assertFalse(ledger.contains(path));
        assertEquals(1, ledger.getFilesFailed());

        // the exchange completes without the end read (a chunk handled, the split stopped)
        FileProgress again = ledger.open(path);
        assertEquals(4, again.deliveredOffset());
        assertTrue(ledger.confirm(path));
        assertFalse(ledger.contains(path), "not recorded: its end was never delivered");
        assertEquals(1, ledger.getFilesStoppedBeforeEnd());

        restart();
        assertEquals(2, ledger.open(path).deliveredLines(), "progress survives a restart");
    }

    @Test
    void aRenamedOrCopiedFileIsTheSameFile() throws IOException {
        Path original = file("app.log.1", "rotated content\n");
        restart();
        importWhole(original.toString(), 16, 1);
        ledger.confirm(original.toString());
        Path renamed = Files.move(original, dir.resolve("app.log.2"));
        Path copy = Files.copy(renamed, dir.resolve("copy.log"));
        restart();
        assertTrue(ledger.contains(renamed.toString()));
        assertTrue(ledger.contains(copy.toString()));
        assertFalse(ledger.contains(file("other.log", "rotated content\nand more\n").toString()));
    }

    @Test
    void aCrashBetweenRecordingAndDroppingTheProgressRepeatsNothing() throws IOException {
        String path = file("d.log", "z\n").toString();
        restart();
        String key = ledger.keyOf(path);
        ledger.stop();
        // what a crash between the two writes leaves: the file recorded and its progress still there
        DurableStateRepository done = new DurableStateRepository(dir.resolve("checkpoints"), "import-test");
        DurableStateRepository progress = new DurableStateRepository(dir.resolve("checkpoints"), "import-test.progress");
        done.start();
        progress.start();
        done.setState(key, path);
        progress.setState(key, "2,1");
        done.stop();
        progress.stop();
        ledger = null;

        restart();
        assertTrue(ledger.contains(path));
        ledger.stop();
        progress.start();
        assertNull(progress.getState(key), "the stale progress is dropped");
        progress.stop();
    }

    @Test
    void aFileThatCannotBeReadIsSkippedWithoutStoppingTheScan() throws IOException {
        restart();
        String missing = dir.resolve("gone.log").toString();
        assertFalse(ledger.add(missing));
        assertTrue(ledger.contains(missing));
        assertEquals(1, ledger.getFilesUnreadable());
    }
}
