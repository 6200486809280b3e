package pilot.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServicesWatcherTest {
    private static final String TWO_DEPENDENCIES =
            "{\n  \"service2\": [\"192.0.2.1:80\", \"192.0.2.2:80\"],\n  \"service3\": [\"[2001:db8::1]:443\"]\n}\n";

    @TempDir
    Path directory;

    private Path servicesFile(String content) throws IOException {
        Path path = directory.resolve("services.json");
        writeAtomically(path, content);
        return path;
    }

    /** Replaces the file as pilot does by default: a new file renamed over the old one. */
    private static void writeAtomically(Path path, String content) throws IOException {
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void sendSIGHUPToThisProcess() throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid()))
                .inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -HUP exit status");
    }

    private static <T> T await(BlockingQueue<T> queue, String what) throws InterruptedException {
        T value = queue.poll(10, TimeUnit.SECONDS);
        assertNotNull(value, "nothing within 10 s: " + what);
        return value;
    }

    @Test
    void startReadsEveryDependency() throws Exception {
        try (ServicesWatcher watcher = ServicesWatcher.start(servicesFile(TWO_DEPENDENCIES))) {
            assertEquals(List.of("192.0.2.1:80", "192.0.2.2:80"), watcher.get("service2"));
            assertEquals(List.of("[2001:db8::1]:443"), watcher.get("service3"));
            assertEquals(Set.of("service2", "service3"), watcher.snapshot().services());
            assertTrue(watcher.lastError().isEmpty());
        }
    }

    @Test
    void startFailsWhenTheFileIsMissing() {
        Path path = directory.resolve("services.json");
        ServicesFileException error = assertThrows(ServicesFileException.class, () -> ServicesWatcher.start(path));
        assertTrue(error.isMissingFile());
        assertEquals(path + ": cannot open the file: no such file or directory", error.getMessage());
    }

    @Test
    void startFailsWhenTheFileIsMalformed() throws Exception {
        Path path = servicesFile("{\n  \"service2\": 80\n}\n");
        ServicesFileException error = assertThrows(ServicesFileException.class, () -> ServicesWatcher.start(path));
        assertEquals(path + ":2:15: \"service2\": expected a list of \"ip:port\" strings, found a number", error.getMessage());
        assertEquals(2, error.line());
        assertEquals(15, error.column());
        assertFalse(error.isMissingFile());
    }

    @Test
    void malformedReloadKeepsThePreviousContentAndReportsTheError() throws Exception {
        Path path = servicesFile(TWO_DEPENDENCIES);
        BlockingQueue<ServicesFileException> reported = new LinkedBlockingQueue<>();
        try (ServicesWatcher watcher = ServicesWatcher.builder(path).onError(reported::add).start()) {
            writeAtomically(path, "{\"service2\": [\"192.0.2.9:80\"");
            ServicesFileException error = assertThrows(ServicesFileException.class, watcher::reload);
            assertSame(error, reported.poll());
            assertSame(error, watcher.lastError().orElseThrow());
            assertEquals(List.of("192.0.2.1:80", "192.0.2.2:80"), watcher.get("service2"));

            writeAtomically(path, "{\"service2\": [\"192.0.2.9:80\"]}");
            assertTrue(watcher.reload());
            assertEquals(List.of("192.0.2.9:80"), watcher.get("service2"));
            assertTrue(watcher.lastError().isEmpty());
        }
    }

    @Test
    void missingFileOnReloadKeepsThePreviousContent() throws Exception {
        Path path = servicesFile(TWO_DEPENDENCIES);
        try (ServicesWatcher watcher = ServicesWatcher.builder(path).onError(error -> {}).start()) {
            Files.delete(path);
            ServicesFileException error = assertThrows(ServicesFileException.class, watcher::reload);
            assertTrue(error.isMissingFile());
            assertEquals(List.of("192.0.2.1:80", "192.0.2.2:80"), watcher.get("service2"));
        }
    }

    @Test
    void sighupReloadsTheFile() throws Exception {
        Path path = servicesFile(TWO_DEPENDENCIES);
        BlockingQueue<ServicesSnapshot> changes = new LinkedBlockingQueue<>();
        try (ServicesWatcher watcher = ServicesWatcher.builder(path).onChange(changes::add).start()) {
            assertTrue(watcher.reloadsOnSignal(), "this JVM must reload on SIGHUP, not by polling");
            writeAtomically(path, "{\"service2\": [\"192.0.2.7:8080\"], \"service3\": []}");
            sendSIGHUPToThisProcess();
            assertEquals(List.of("192.0.2.7:8080"), await(changes, "reload after SIGHUP").get("service2"));
            assertEquals(List.of("192.0.2.7:8080"), watcher.get("service2"));
            assertEquals(List.of(), watcher.get("service3"));
        }
    }

    @Test
    void sighupWithAMalformedFileKeepsThePreviousContentAndReports() throws Exception {
        Path path = servicesFile(TWO_DEPENDENCIES);
        BlockingQueue<ServicesFileException> reported = new LinkedBlockingQueue<>();
        try (ServicesWatcher watcher = ServicesWatcher.builder(path).onError(reported::add).start()) {
            writeAtomically(path, "[\"192.0.2.7:8080\"]");
            sendSIGHUPToThisProcess();
            ServicesFileException error = await(reported, "error after SIGHUP");
            assertEquals(path + ":1:1: expected an object mapping each service to its instances, found a list",
                    error.getMessage());
            assertEquals(List.of("192.0.2.1:80", "192.0.2.2:80"), watcher.get("service2"));
        }
    }

    @Test
    void oneSighupReloadsEveryWatcherInTheProcess() throws Exception {
        Path first = servicesFile(TWO_DEPENDENCIES);
        Path second = directory.resolve("other.json");
        writeAtomically(second, TWO_DEPENDENCIES);
        BlockingQueue<ServicesSnapshot> firstChanges = new LinkedBlockingQueue<>();
        BlockingQueue<ServicesSnapshot> secondChanges = new LinkedBlockingQueue<>();
        try (ServicesWatcher a = ServicesWatcher.builder(first).onChange(firstChanges::add).start();
                ServicesWatcher b = ServicesWatcher.builder(second).onChange(secondChanges::add).start()) {
            assertTrue(a.reloadsOnSignal() && b.reloadsOnSignal());
            writeAtomically(first, "{\"service2\": [\"192.0.2.11:80\"]}");
            writeAtomically(second, "{\"service2\": [\"192.0.2.12:80\"]}");
            sendSIGHUPToThisProcess();
            assertEquals(List.of("192.0.2.11:80"), await(firstChanges, "first watcher").get("service2"));
            assertEquals(List.of("192.0.2.12:80"), await(secondChanges, "second watcher").get("service2"));
        }
    }

    @Test
    void pollingFallbackSeesAnAtomicRewrite() throws Exception {
        Path path = servicesFile(TWO_DEPENDENCIES);
        BlockingQueue<ServicesSnapshot> changes = new LinkedBlockingQueue<>();
        try (ServicesWatcher watcher = ServicesWatcher.builder(path)
                .reloadSignal(null).pollEvery(Duration.ofMillis(10)).onChange(changes::add).start()) {
            assertFalse(watcher.reloadsOnSignal());
            writeAtomically(path, "{\"service2\": [\"192.0.2.8:80\"]}");
            assertEquals(List.of("192.0.2.8:80"), await(changes, "poll after a rewrite").get("service2"));
        }
    }

    @Test
    void pollingFallbackSeesAnInPlaceRewriteOfTheSameSize() throws Exception {
        Path path = servicesFile("{\"service2\": [\"192.0.2.1:80\"]}");
        FileTime before = Files.getLastModifiedTime(path);
        BlockingQueue<ServicesSnapshot> changes = new LinkedBlockingQueue<>();
        try (ServicesWatcher watcher = ServicesWatcher.builder(path)
                .reloadSignal(null).pollEvery(Duration.ofMillis(10)).onChange(changes::add).start()) {
            assertFalse(watcher.reloadsOnSignal());
            Files.writeString(path, "{\"service2\": [\"192.0.2.2:80\"]}"); // same inode, same size
            Files.setLastModifiedTime(path, FileTime.fromMillis(before.toMillis() + 1000));
            assertEquals(List.of("192.0.2.2:80"), await(changes, "poll after an in-place rewrite").get("service2"));
        }
    }

    @Test
    void reloadWithUnchangedContentKeepsTheSnapshotAndCallsNoCallback() throws Exception {
        Path path = servicesFile(TWO_DEPENDENCIES);
        AtomicInteger calls = new AtomicInteger();
        try (ServicesWatcher watcher = ServicesWatcher.builder(path).onChange(s -> calls.incrementAndGet()).start()) {
            ServicesSnapshot before = watcher.snapshot();
            writeAtomically(path, TWO_DEPENDENCIES);
            assertFalse(watcher.reload());
            assertSame(before, watcher.snapshot());
            assertEquals(0, calls.get());
        }
    }

    /** Each generation of the file gives service2 and service3 the same port: a mixed reading would show. */
    @Test
    void concurrentReadersAlwaysSeeACompleteSnapshot() throws Exception {
        Path path = servicesFile(generation(1));
        try (ServicesWatcher watcher = ServicesWatcher.builder(path).reloadSignal(null).start()) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger reads = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Thread> readers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread reader = new Thread(() -> {
                    while (!stop.get()) {
                        ServicesSnapshot snapshot = watcher.snapshot();
                        String port2 = snapshot.get("service2").get(0).split(":")[1];
                        String port3 = snapshot.get("service3").get(0).split(":")[1];
                        if (!port2.equals(port3)) {
                            failures.add("mixed snapshot: " + snapshot);
                            return;
                        }
                        watcher.service2().pickRoundRobin();
                        watcher.pickRandom("service3");
                        reads.incrementAndGet();
                    }
                });
                reader.start();
                readers.add(reader);
            }
            for (int n = 2; n <= 200; n++) {
                writeAtomically(path, generation(n));
                assertTrue(watcher.reload());
            }
            stop.set(true);
            for (Thread reader : readers) {
                reader.join();
            }
            assertEquals(List.of(), List.copyOf(failures));
            assertTrue(reads.get() > 0, "the readers read nothing");
            assertEquals(List.of("192.0.2.3:200"), watcher.get("service3"));
        }
    }

    private static String generation(int n) {
        return "{\"service2\": [\"192.0.2.1:" + n + "\", \"192.0.2.2:" + n + "\"], \"service3\": [\"192.0.2.3:" + n + "\"]}";
    }

    @Test
    void pickRandomReturnsEveryInstanceInTime() throws Exception {
        try (ServicesWatcher watcher = ServicesWatcher.start(servicesFile(TWO_DEPENDENCIES))) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 1000 && seen.size() < 2; i++) {
                seen.add(watcher.pickRandom("service2"));
            }
            assertEquals(Set.of("192.0.2.1:80", "192.0.2.2:80"), seen);
        }
    }

    @Test
    void pickRoundRobinTakesInstancesInTurn() throws Exception {
        try (ServicesWatcher watcher = ServicesWatcher.start(
                servicesFile("{\"service2\": [\"192.0.2.1:80\", \"192.0.2.2:80\", \"192.0.2.3:80\"]}"))) {
            List<String> picks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                picks.add(watcher.pickRoundRobin("service2"));
            }
            assertEquals(List.of("192.0.2.1:80", "192.0.2.2:80", "192.0.2.3:80", "192.0.2.1:80", "192.0.2.2:80",
                    "192.0.2.3:80"), picks);
        }
    }

    @Test
    void noHealthyInstanceIsATypedException() throws Exception {
        Path path = servicesFile("{\"service2\": []}");
        try (ServicesWatcher watcher = ServicesWatcher.start(path)) {
            NoHealthyInstanceException empty =
                    assertThrows(NoHealthyInstanceException.class, () -> watcher.pickRandom("service2"));
            assertEquals("service2", empty.service());
            assertTrue(empty.listed());
            assertEquals("no healthy instance of \"service2\" in " + path, empty.getMessage());
            NoHealthyInstanceException absent =
                    assertThrows(NoHealthyInstanceException.class, () -> watcher.pickRoundRobin("service3"));
            assertEquals("service3", absent.service());
            assertFalse(absent.listed());
            assertThrows(NoHealthyInstanceException.class, () -> watcher.service3().pickRoundRobin());
        }
    }

    @Test
    void typedAccessorsReadTheirDependency() throws Exception {
        try (ServicesWatcher watcher = ServicesWatcher.start(servicesFile(TWO_DEPENDENCIES))) {
            assertEquals(List.of("service2", "service3"), ServicesWatcher.DECLARED_DEPENDENCIES);
            assertEquals("service2", watcher.service2().name());
            assertEquals(List.of("192.0.2.1:80", "192.0.2.2:80"), watcher.service2().instances());
            assertEquals("[2001:db8::1]:443", watcher.service3().pickRandom());
        }
    }

    @Test
    void snapshotListsCannotBeChanged() throws Exception {
        try (ServicesWatcher watcher = ServicesWatcher.start(servicesFile(TWO_DEPENDENCIES))) {
            assertThrows(UnsupportedOperationException.class, () -> watcher.get("service2").add("203.0.113.1:1"));
            assertThrows(UnsupportedOperationException.class, () -> watcher.snapshot().asMap().clear());
        }
    }
}
