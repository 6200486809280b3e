extension PHPTemplates {
    /// `ServicesFile.php`: reading under a shared flock, the version (inode, size, mtime) and the shape check.
    static let file = #"""
<?php
{{HEADER}}

declare(strict_types=1);

namespace {{PACKAGE}};

/**
 * Reading services.json from disk: under a shared flock, so that a writer that rewrites the file in
 * place under an exclusive flock (pilot's --services-file-in-place) is never seen half done.
 *
 * @internal used by Services
 */
final class ServicesFile
{
    /**
     * What tells a changed file without reading it: device, inode, size and modification time.
     *
     * @param array<int|string, int> $stat a stat() or fstat() result
     */
    public static function version(array $stat): string
    {
        return $stat['dev'] . ':' . $stat['ino'] . ':' . $stat['size'] . ':' . $stat['mtime'];
    }

    /**
     * Reads and checks the file.
     *
     * "settled" is false when the file was modified within a second of the read: modification times
     * count whole seconds, so a same-size rewrite in that second would not change the version, and the
     * file must be read again next time.
     *
     * @return array{version: string, settled: bool, instances: array<string, list<string>>}
     * @throws ServicesFileException
     */
    public static function read(string $path): array
    {
        $started = time();
        $handle = @fopen($path, 'rb');
        if ($handle === false) {
            $missing = !file_exists($path);
            throw new ServicesFileException($path, 'cannot open the file: ' . self::lastErrorReason(), $missing);
        }
        try {
            if (!flock($handle, LOCK_SH)) {
                throw new ServicesFileException($path, 'cannot lock the file');
            }
            $stat = fstat($handle);
            $text = stream_get_contents($handle);
            flock($handle, LOCK_UN);
        } finally {
            fclose($handle);
        }
        if ($stat === false || $text === false) {
            throw new ServicesFileException($path, 'cannot read the file: ' . self::lastErrorReason());
        }
        return [
            'version' => self::version($stat),
            'settled' => $stat['mtime'] < $started - 1,
            'instances' => self::parse($text, $path),
        ];
    }

    /**
     * Checks the one shape pilot writes: {"service": ["ip:port", ...], ...}.
     *
     * @return array<string, list<string>>
     * @throws ServicesFileException
     */
    public static function parse(string $text, string $path): array
    {
        if (trim($text, " \t\r\n") === '') {
            throw new ServicesFileException($path, 'the file is empty');
        }
        try {
            $document = json_decode($text, false, 16, JSON_THROW_ON_ERROR);
        } catch (\JsonException $error) {
            throw new ServicesFileException($path, 'not valid JSON: ' . $error->getMessage(), false, $error);
        }
        if (!$document instanceof \stdClass) {
            throw new ServicesFileException(
                $path,
                'expected an object mapping each service to its instances, found ' . self::describe($document),
            );
        }
        $instances = [];
        foreach (get_object_vars($document) as $service => $list) {
            $service = (string) $service;
            if (!is_array($list)) {
                throw new ServicesFileException(
                    $path,
                    sprintf('"%s": expected a list of "ip:port" strings, found %s', $service, self::describe($list)),
                );
            }
            foreach ($list as $address) {
                if (!is_string($address)) {
                    throw new ServicesFileException(
                        $path,
                        sprintf('"%s": expected an "ip:port" string, found %s', $service, self::describe($address)),
                    );
                }
                if (!self::validAddress($address)) {
                    throw new ServicesFileException(
                        $path,
                        sprintf('"%s": "%s" is not an "ip:port" address', $service, $address),
                    );
                }
            }
            $instances[$service] = $list;
        }
        return $instances;
    }

    /** Accepts "host:port" and "[ipv6]:port" with a port from 0 to 65535. */
    public static function validAddress(string $address): bool
    {
        if (preg_match('/^(?:\[([0-9A-Fa-f:.]+)\]|([^\x00-\x20\x7f:\[\]]+)):([0-9]{1,5})$/D', $address, $match) !== 1) {
            return false;
        }
        if ($match[1] !== '' && !str_contains($match[1], ':')) {
            return false;
        }
        return (int) $match[3] <= 65535;
    }

    private static function describe(mixed $value): string
    {
        return match (true) {
            is_array($value) => 'a list',
            is_object($value) => 'an object',
            is_string($value) => 'a string',
            is_bool($value) => 'a boolean',
            $value === null => 'null',
            default => 'a number',
        };
    }

    private static function lastErrorReason(): string
    {
        $message = error_get_last()['message'] ?? 'unknown error';
        $reason = substr($message, (int) strrpos($message, ': ') + 2);
        return lcfirst($reason);
    }
}
"""#
}
