extension PHPTemplates {
    /// `Services.php`: the per-request entry point with the process cache; `{{TYPED_ACCESSORS}}` closes the class body.
    static let services = #"""
<?php
{{HEADER}}

declare(strict_types=1);

namespace {{PACKAGE}};

/**
 * services.json, the file that pilot keeps up to date with the "ip:port" of every healthy instance of
 * each dependency, as one request sees it.
 *
 * Call Services::load() once per request. The decoded file is kept for the life of the PHP process (a
 * php-fpm worker) and read again only when its inode, size or modification time changed, so most
 * requests cost one stat() call. The first load in a process throws when the file is missing or
 * malformed; after that, a bad file keeps the previous good content, and the error is reported once
 * (error_log, or the handler given to onError) and returned by lastError().
 */
final class Services
{
    /** Where pilot writes services.json unless told otherwise. */
    public const DEFAULT_PATH = '/etc/containerpilot/services.json';

    /** @var array<string, array{version: string, settled: bool, instances: array<string, list<string>>}> */
    private static array $cache = [];
    /** @var array<string, ServicesFileException> the error of the last read, per path, while it stands */
    private static array $errors = [];
    /** @var array<string, string> the version of the file that failed, per path, so it is reported once */
    private static array $failedVersions = [];
    /** @var array<string, int> round-robin turns, per path and service */
    private static array $turns = [];
    /** @var (callable(ServicesFileException): void)|null */
    private static $errorHandler = null;

    /** @param array<string, list<string>> $instances */
    private function __construct(
        private readonly string $path,
        private readonly array $instances,
        private readonly ?ServicesFileException $lastError,
    ) {
    }

    /**
     * The current content of the file at $path: from the process's cache when the file has not changed.
     *
     * @throws ServicesFileException when this process has no good reading yet and the file is missing,
     *     unreadable or malformed
     */
    public static function load(string $path = self::DEFAULT_PATH): self
    {
        clearstatcache(true, $path);
        $stat = @stat($path);
        $version = $stat === false ? 'missing' : ServicesFile::version($stat);
        $cached = self::$cache[$path] ?? null;
        if ($cached !== null) {
            if ($cached['settled'] && $cached['version'] === $version) {
                return new self($path, $cached['instances'], null);
            }
            if (($ignored = self::$failedVersions[$path] ?? null) !== null && $ignored === $version) {
                return new self($path, $cached['instances'], self::$errors[$path]);
            }
        }
        try {
            $read = ServicesFile::read($path);
        } catch (ServicesFileException $error) {
            if ($cached === null) {
                throw $error;
            }
            self::$errors[$path] = $error;
            self::$failedVersions[$path] = $version;
            self::report($error);
            return new self($path, $cached['instances'], $error);
        }
        self::$cache[$path] = $read;
        unset(self::$errors[$path], self::$failedVersions[$path]);
        return new self($path, $read['instances'], null);
    }

    /**
     * Sets what is called with the error of a read that failed after a good one (the previous content
     * is kept); null restores the default, error_log.
     *
     * @param (callable(ServicesFileException): void)|null $handler
     */
    public static function onError(?callable $handler): void
    {
        self::$errorHandler = $handler;
    }

    /** Forgets every cached reading and round-robin turn of this process, as if it had just started. */
    public static function reset(): void
    {
        self::$cache = [];
        self::$errors = [];
        self::$failedVersions = [];
        self::$turns = [];
    }

    /** The file's path. */
    public function path(): string
    {
        return $this->path;
    }

    /** @return list<string> the services the file names, sorted */
    public function services(): array
    {
        $names = array_map('strval', array_keys($this->instances));
        sort($names, SORT_STRING);
        return $names;
    }

    /** @return list<string> the instances of $service ("ip:port", IPv6 as "[addr]:port"); [] when none */
    public function get(string $service): array
    {
        return $this->instances[$service] ?? [];
    }

    /** Whether the file names $service at all, even with no instance. */
    public function has(string $service): bool
    {
        return array_key_exists($service, $this->instances);
    }

    /** The dependency named $service. */
    public function dependency(string $service): Dependency
    {
        return new Dependency($this, $service);
    }

    /** One instance of $service chosen at random; throws NoHealthyInstanceException when there is none. */
    public function pickRandom(string $service): string
    {
        $list = $this->instances($service);
        return $list[random_int(0, count($list) - 1)];
    }

    /**
     * The instances of $service in turn, one per call, the turn kept for the life of the process (across
     * requests and reloads); throws NoHealthyInstanceException when there is none.
     */
    public function pickRoundRobin(string $service): string
    {
        $list = $this->instances($service);
        $key = $this->path . "\0" . $service;
        $turn = self::$turns[$key] ?? 0;
        self::$turns[$key] = $turn + 1;
        return $list[$turn % count($list)];
    }

    /** The error of the last read when it failed and the previous content is served; null otherwise. */
    public function lastError(): ?ServicesFileException
    {
        return $this->lastError;
    }

    /** @return list<string> */
    private function instances(string $service): array
    {
        $list = $this->instances[$service] ?? [];
        if ($list === []) {
            throw new NoHealthyInstanceException($service, $this->path, $this->has($service));
        }
        return $list;
    }

    private static function report(ServicesFileException $error): void
    {
        if (self::$errorHandler !== null) {
            (self::$errorHandler)($error);
            return;
        }
        error_log('services.json read failed, keeping the previous content: ' . $error->getMessage());
    }
{{TYPED_ACCESSORS}}}
"""#
}
