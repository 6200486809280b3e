extension JavaTemplates {
    /// `ServicesWatcher.java`: the watcher (volatile snapshot, signal or polling reloads, picks); `{{TYPED_ACCESSORS}}` closes the class body.
    static let watcher = #"""
{{HEADER}}

package {{PACKAGE}};

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Holds the latest good reading of services.json and replaces it when the process receives SIGHUP
 * (pilot sends it after each change when SERVICE_SIGNAL_CHANGED is set). Safe for any number of
 * threads: readers never wait for a reload and always see a complete {@link ServicesSnapshot}.
 *
 * <p>A reload that fails (the file is missing, unreadable or malformed) keeps the previous snapshot
 * and reports the error; a good list is never thrown away because of a bad read.
 *
 * <p>Signals are handled through {@code sun.misc.Signal} (module jdk.unsupported). Where that is not
 * available (a runtime without jdk.unsupported, or {@code -Xrs}), the watcher polls the file instead,
 * every second unless {@link Builder#pollEvery} says otherwise, and reloads when its inode, size or
 * modification time changes; {@link #reloadsOnSignal()} tells which is in use.
 *
 * <p>Java cannot take the shared {@code flock} that pilot's {@code --services-file-in-place} mode asks
 * readers for; a reload that meets a half-written file fails, keeps the previous content, and the
 * signal that follows the completed write reloads it.
 */
public final class ServicesWatcher implements AutoCloseable {
    /** Where pilot writes services.json unless told otherwise. */
    public static final Path DEFAULT_PATH = Path.of("/etc/containerpilot/services.json");
    /** How often the file is polled when signals cannot be used and no interval was given. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    private static final System.Logger LOGGER = System.getLogger(ServicesWatcher.class.getName());
    private static final Object NO_FILE = new Object();

    private final Path path;
    private final Consumer<ServicesSnapshot> onChange;
    private final Consumer<ServicesFileException> onError;
    private final String signal;
    private final boolean reloadsOnSignal;
    private final ScheduledExecutorService poller;
    private final ConcurrentHashMap<String, AtomicLong> turns = new ConcurrentHashMap<>();
    private final Object reloadLock = new Object();
    private volatile ServicesSnapshot snapshot;
    private volatile ServicesFileException lastError;
    private Object loadedVersion; // guarded by reloadLock
    private Object failedVersion; // guarded by reloadLock: the version that last failed, or NO_FILE

    private ServicesWatcher(Builder builder) throws ServicesFileException {
        this.path = builder.path;
        this.onChange = builder.onChange;
        this.onError = builder.onError != null
                ? builder.onError
                : error -> LOGGER.log(System.Logger.Level.WARNING,
                        "services.json reload failed, keeping the previous content: {0}", error.getMessage());
        this.loadedVersion = FileVersion.of(path);
        this.snapshot = read(path);
        this.signal = builder.signal;
        this.reloadsOnSignal = signal != null && SignalReloads.register(signal, this);
        Duration interval = builder.pollInterval;
        if (interval == null && signal != null && !reloadsOnSignal) {
            interval = DEFAULT_POLL_INTERVAL;
        }
        if (interval != null) {
            poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "services.json poll");
                thread.setDaemon(true);
                return thread;
            });
            long millis = Math.max(1, interval.toMillis());
            poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
        } else {
            poller = null;
        }
    }

    /**
     * Reads {@link #DEFAULT_PATH} and reloads it on each SIGHUP.
     *
     * @throws ServicesFileException when the file is missing, unreadable or malformed
     */
    public static ServicesWatcher start() throws ServicesFileException {
        return builder(DEFAULT_PATH).start();
    }

    /**
     * Reads {@code path} and reloads it on each SIGHUP.
     *
     * @throws ServicesFileException when the file is missing, unreadable or malformed
     */
    public static ServicesWatcher start(Path path) throws ServicesFileException {
        return builder(path).start();
    }

    /** A builder for a watcher of {@code path}, with callbacks, another signal or polling. */
    public static Builder builder(Path path) {
        return new Builder(path);
    }

    /** How a {@link ServicesWatcher} is set up. */
    public static final class Builder {
        private final Path path;
        private Consumer<ServicesSnapshot> onChange;
        private Consumer<ServicesFileException> onError;
        private String signal = "HUP";
        private Duration pollInterval;

        private Builder(Path path) {
            this.path = Objects.requireNonNull(path, "path");
        }

        /** Called with the new snapshot after each reload that changed the content, one call at a time. */
        public Builder onChange(Consumer<ServicesSnapshot> onChange) {
            this.onChange = onChange;
            return this;
        }

        /** Called with the error of each failed reload (the previous snapshot is kept); default: logged. */
        public Builder onError(Consumer<ServicesFileException> onError) {
            this.onError = onError;
            return this;
        }

        /**
         * The signal that reloads the file, "HUP" by default ("SIGUSR1" and "USR1" both work, for pilot's
         * --reload-signal); null turns signal handling off.
         */
        public Builder reloadSignal(String signal) {
            this.signal = signal == null ? null : signal.startsWith("SIG") ? signal.substring(3) : signal;
            return this;
        }

        /** Also polls the file every {@code interval}, reloading when it changed; null for no polling. */
        public Builder pollEvery(Duration interval) {
            this.pollInterval = interval;
            return this;
        }

        /**
         * Reads the file and starts reloading.
         *
         * @throws ServicesFileException when the file is missing, unreadable or malformed
         */
        public ServicesWatcher start() throws ServicesFileException {
            return new ServicesWatcher(this);
        }
    }

    /** The latest good reading of the file. */
    public ServicesSnapshot snapshot() {
        return snapshot;
    }

    /** The instances of {@code service} from the latest good reading, unmodifiable; empty when none. */
    public List<String> get(String service) {
        return snapshot.get(service);
    }

    /** The dependency named {@code service}. */
    public Dependency dependency(String service) {
        return new Dependency(this, service);
    }

    /**
     * One instance of {@code service} chosen at random.
     *
     * @throws NoHealthyInstanceException when the file lists none
     */
    public String pickRandom(String service) {
        List<String> list = instances(service);
        return list.get(ThreadLocalRandom.current().nextInt(list.size()));
    }

    /**
     * The instances of {@code service} in turn, one per call. The turn is kept per service across
     * reloads, so a changed list is picked from where it left off.
     *
     * @throws NoHealthyInstanceException when the file lists none
     */
    public String pickRoundRobin(String service) {
        List<String> list = instances(service);
        long turn = turns.computeIfAbsent(service, name -> new AtomicLong()).getAndIncrement();
        return list.get(Math.floorMod(turn, list.size()));
    }

    private List<String> instances(String service) {
        ServicesSnapshot current = snapshot;
        List<String> list = current.get(service);
        if (list.isEmpty()) {
            throw new NoHealthyInstanceException(service, path.toString(), current.has(service));
        }
        return list;
    }

    /**
     * Reads the file now. On success the new content replaces the old (onChange runs if it differs);
     * on failure the previous content stays, onError runs and the error is thrown.
     *
     * @return whether the content changed
     * @throws ServicesFileException when the file is missing, unreadable or malformed
     */
    public boolean reload() throws ServicesFileException {
        synchronized (reloadLock) {
            FileVersion version = null;
            ServicesSnapshot next;
            try {
                version = FileVersion.of(path);
                next = read(path);
            } catch (ServicesFileException e) {
                failedVersion = version != null ? version : NO_FILE;
                lastError = e;
                onError.accept(e);
                throw e;
            }
            loadedVersion = version;
            failedVersion = null;
            lastError = null;
            if (next.equals(snapshot)) {
                return false;
            }
            snapshot = next;
            if (onChange != null) {
                onChange.accept(next);
            }
            return true;
        }
    }

    /** The error of the last reload if it failed; empty once a reload has succeeded. */
    public Optional<ServicesFileException> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** Whether a signal reloads the file (false: polling, or reloads only through {@link #reload()}). */
    public boolean reloadsOnSignal() {
        return reloadsOnSignal;
    }

    /** The file's path. */
    public Path path() {
        return path;
    }

    /** Stops reloading on signals and polling. The last snapshot stays readable. */
    @Override
    public void close() {
        if (reloadsOnSignal) {
            SignalReloads.unregister(signal, this);
        }
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    void reloadAndReport() {
        try {
            reload();
        } catch (ServicesFileException e) {
            // Already reported through onError.
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.ERROR, "services.json onChange or onError callback failed", e);
        }
    }

    private void poll() {
        synchronized (reloadLock) {
            Object version;
            try {
                version = FileVersion.of(path);
            } catch (ServicesFileException e) {
                version = NO_FILE;
            }
            // A file that failed is read again only once it changes, so an error is reported once.
            if (version.equals(loadedVersion) || version.equals(failedVersion)) {
                return;
            }
        }
        reloadAndReport();
    }

    private static ServicesSnapshot read(Path path) throws ServicesFileException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ServicesFileException(path.toString(), 0, 0, "cannot open the file: " + reason(e), e);
        }
        return ServicesJson.parse(bytes, path.toString());
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.toString();
    }

    /** What tells a changed file without reading it: inode (file key), size and modification time. */
    private record FileVersion(Object fileKey, long size, Object modified) {
        static FileVersion of(Path path) throws ServicesFileException {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                return new FileVersion(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime());
            } catch (IOException e) {
                throw new ServicesFileException(path.toString(), 0, 0, "cannot open the file: " + reason(e), e);
            }
        }
    }
{{TYPED_ACCESSORS}}}
"""#
}
