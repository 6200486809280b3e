<?php

declare(strict_types=1);

namespace Pilot\Services\Tests;

use PHPUnit\Framework\TestCase;
use Pilot\Services\NoHealthyInstanceException;
use Pilot\Services\Services;
use Pilot\Services\ServicesFile;
use Pilot\Services\ServicesFileException;

final class ServicesTest extends TestCase
{
    private const TWO_DEPENDENCIES = "{\n  \"service2\": [\"192.0.2.1:80\", \"192.0.2.2:80\"],\n  \"service3\": [\"[2001:db8::1]:443\"]\n}\n";

    private string $directory;
    private string $path;
    /** @var list<ServicesFileException> */
    private array $reported = [];

    protected function setUp(): void
    {
        $this->directory = sys_get_temp_dir() . '/services-test-' . bin2hex(random_bytes(6));
        mkdir($this->directory);
        $this->path = $this->directory . '/services.json';
        Services::reset();
        Services::onError(function (ServicesFileException $error): void {
            $this->reported[] = $error;
        });
    }

    protected function tearDown(): void
    {
        Services::onError(null);
        Services::reset();
        array_map('unlink', glob($this->directory . '/*') ?: []);
        rmdir($this->directory);
    }

    /** Replaces the file as pilot does by default: a new file (a new inode) renamed over the old one. */
    private function writeAtomically(string $content, ?int $mtime = null): void
    {
        $temporary = $this->path . '.tmp';
        file_put_contents($temporary, $content);
        if ($mtime !== null) {
            touch($temporary, $mtime);
        }
        rename($temporary, $this->path);
    }

    /** Rewrites the file in place (same inode), as pilot's --services-file-in-place does. */
    private function writeInPlace(string $content, int $mtime): void
    {
        $handle = fopen($this->path, 'c');
        flock($handle, LOCK_EX);
        ftruncate($handle, 0);
        fwrite($handle, $content);
        fflush($handle);
        flock($handle, LOCK_UN);
        fclose($handle);
        touch($this->path, $mtime);
    }

    public function testLoadReadsEveryDependency(): void
    {
        $this->writeAtomically(self::TWO_DEPENDENCIES);
        $services = Services::load($this->path);
        $this->assertSame(['192.0.2.1:80', '192.0.2.2:80'], $services->get('service2'));
        $this->assertSame(['[2001:db8::1]:443'], $services->get('service3'));
        $this->assertSame(['service2', 'service3'], $services->services());
        $this->assertNull($services->lastError());
    }

    public function testMissingFileAtFirstLoadThrows(): void
    {
        try {
            Services::load($this->path);
            $this->fail('load of a missing file succeeded');
        } catch (ServicesFileException $error) {
            $this->assertTrue($error->isMissingFile());
            $this->assertSame($this->path . ': cannot open the file: no such file or directory', $error->getMessage());
        }
    }

    public function testMalformedFileAtFirstLoadThrows(): void
    {
        $this->writeAtomically("{\n  \"service2\": 80\n}\n");
        $this->expectException(ServicesFileException::class);
        $this->expectExceptionMessage($this->path . ': "service2": expected a list of "ip:port" strings, found a number');
        Services::load($this->path);
    }

    public function testMalformedRewriteKeepsThePreviousContentAndReportsItOnce(): void
    {
        $this->writeAtomically(self::TWO_DEPENDENCIES);
        Services::load($this->path);
        $this->writeAtomically('{"service2": ["192.0.2.9:80"');

        $first = Services::load($this->path);
        $again = Services::load($this->path);

        $this->assertSame(['192.0.2.1:80', '192.0.2.2:80'], $first->get('service2'));
        $this->assertSame(['192.0.2.1:80', '192.0.2.2:80'], $again->get('service2'));
        $this->assertCount(1, $this->reported, 'an unchanged bad file is reported once');
        $this->assertSame($this->path . ': not valid JSON: Syntax error', $this->reported[0]->getMessage());
        $this->assertSame($this->reported[0], $again->lastError());

        $this->writeAtomically('{"service2": ["192.0.2.9:80"]}');
        $fixed = Services::load($this->path);
        $this->assertSame(['192.0.2.9:80'], $fixed->get('service2'));
        $this->assertNull($fixed->lastError());
    }

    public function testMissingFileAfterAGoodLoadKeepsThePreviousContent(): void
    {
        $this->writeAtomically(self::TWO_DEPENDENCIES);
        Services::load($this->path);
        unlink($this->path);
        $services = Services::load($this->path);
        $this->assertSame(['192.0.2.1:80', '192.0.2.2:80'], $services->get('service2'));
        $this->assertTrue($services->lastError()?->isMissingFile());
        $this->assertCount(1, $this->reported);
    }

    public function testUnchangedFileIsServedFromTheProcessCache(): void
    {
        $past = time() - 100;
        $this->writeAtomically('{"service2": ["192.0.2.1:80"]}', $past);
        Services::load($this->path);
        // Same inode, same size, same modification time: only the bytes differ, so a reader that uses its
        // cache keeps serving the first content. (pilot never writes this way; it proves there is no read.)
        $this->writeInPlace('{"service2": ["192.0.2.2:80"]}', $past);
        $this->assertSame(['192.0.2.1:80'], Services::load($this->path)->get('service2'));
    }

    public function testAtomicRewriteIsSeenThroughTheInode(): void
    {
        $past = time() - 100;
        $this->writeAtomically('{"service2": ["192.0.2.1:80"]}', $past);
        $before = stat($this->path);
        Services::load($this->path);
        $this->writeAtomically('{"service2": ["192.0.2.2:80"]}', $past); // same size, same mtime
        $after = stat($this->path);
        $this->assertNotSame($before['ino'], $after['ino']);
        $this->assertSame([$before['size'], $before['mtime']], [$after['size'], $after['mtime']]);
        $this->assertSame(['192.0.2.2:80'], Services::load($this->path)->get('service2'));
    }

    public function testInPlaceRewriteIsSeenThroughTheSize(): void
    {
        $past = time() - 100;
        $this->writeAtomically('{"service2": ["192.0.2.1:80"]}', $past);
        Services::load($this->path);
        $this->writeInPlace('{"service2": ["192.0.2.1:80", "192.0.2.2:80"]}', $past); // same inode, same mtime
        $this->assertSame(['192.0.2.1:80', '192.0.2.2:80'], Services::load($this->path)->get('service2'));
    }

    public function testInPlaceRewriteIsSeenThroughTheModificationTime(): void
    {
        $past = time() - 100;
        $this->writeAtomically('{"service2": ["192.0.2.1:80"]}', $past);
        Services::load($this->path);
        $this->writeInPlace('{"service2": ["192.0.2.2:80"]}', $past + 10); // same inode, same size
        $this->assertSame(['192.0.2.2:80'], Services::load($this->path)->get('service2'));
    }

    public function testFileModifiedWithinTheLastSecondIsReadAgain(): void
    {
        // Modification times count whole seconds: a same-size rewrite in the same second as the read
        // leaves inode, size and mtime alike, so such a reading is not trusted until the second is past.
        $now = time();
        $this->writeAtomically('{"service2": ["192.0.2.1:80"]}', $now);
        Services::load($this->path);
        $this->writeInPlace('{"service2": ["192.0.2.2:80"]}', $now);
        $this->assertSame(['192.0.2.2:80'], Services::load($this->path)->get('service2'));
    }

    public function testReadWaitsForAWriterHoldingTheLock(): void
    {
        $this->writeAtomically(self::TWO_DEPENDENCIES);
        Services::load($this->path);
        // Another process rewrites the file in place under an exclusive flock, pausing half-way.
        $writer = <<<'PHP'
            $handle = fopen($argv[1], 'c');
            flock($handle, LOCK_EX);
            ftruncate($handle, 0);
            $content = '{"service2": ["192.0.2.5:80"], "service3": []}';
            fwrite($handle, substr($content, 0, 10));
            fflush($handle);
            echo "half written\n";
            usleep(300000);
            fwrite($handle, substr($content, 10));
            fflush($handle);
            flock($handle, LOCK_UN);
            PHP;
        $process = proc_open([PHP_BINARY, '-r', $writer, $this->path], [1 => ['pipe', 'w']], $pipes);
        $this->assertSame("half written\n", fgets($pipes[1]));
        $services = Services::load($this->path);
        fclose($pipes[1]);
        $this->assertSame(0, proc_close($process));
        $this->assertSame(['192.0.2.5:80'], $services->get('service2'), 'the read waited for the whole file');
        $this->assertSame([], $this->reported);
    }

    public function testPickRandomReturnsEveryInstanceInTime(): void
    {
        $this->writeAtomically(self::TWO_DEPENDENCIES);
        $seen = [];
        for ($i = 0; $i < 1000 && count($seen) < 2; $i++) {
            $seen[Services::load($this->path)->pickRandom('service2')] = true;
        }
        $this->assertEqualsCanonicalizing(['192.0.2.1:80', '192.0.2.2:80'], array_keys($seen));
    }

    public function testPickRoundRobinTakesInstancesInTurnAcrossRequests(): void
    {
        $this->writeAtomically('{"service2": ["192.0.2.1:80", "192.0.2.2:80", "192.0.2.3:80"]}');
        $picks = [];
        for ($request = 0; $request < 6; $request++) {
            $picks[] = Services::load($this->path)->pickRoundRobin('service2');
        }
        $this->assertSame(
            ['192.0.2.1:80', '192.0.2.2:80', '192.0.2.3:80', '192.0.2.1:80', '192.0.2.2:80', '192.0.2.3:80'],
            $picks,
        );
    }

    public function testNoHealthyInstanceIsATypedException(): void
    {
        $this->writeAtomically('{"service2": []}');
        $services = Services::load($this->path);
        try {
            $services->pickRandom('service2');
            $this->fail('picked from an empty list');
        } catch (NoHealthyInstanceException $error) {
            $this->assertSame('service2', $error->service());
            $this->assertTrue($error->listed());
            $this->assertSame('no healthy instance of "service2" in ' . $this->path, $error->getMessage());
        }
        try {
            $services->service3()->pickRoundRobin();
            $this->fail('picked a service the file does not list');
        } catch (NoHealthyInstanceException $error) {
            $this->assertSame('service3', $error->service());
            $this->assertFalse($error->listed());
        }
    }

    public function testTypedAccessorsReadTheirDependency(): void
    {
        $this->writeAtomically(self::TWO_DEPENDENCIES);
        $services = Services::load($this->path);
        $this->assertSame(['service2', 'service3'], Services::DECLARED_DEPENDENCIES);
        $this->assertSame('service2', $services->service2()->name());
        $this->assertSame(['192.0.2.1:80', '192.0.2.2:80'], $services->service2()->instances());
        $this->assertSame('[2001:db8::1]:443', $services->service3()->pickRandom());
    }

    /** @return array<string, array{string, string}> */
    public static function malformedDocuments(): array
    {
        return [
            'empty file' => ['', 'the file is empty'],
            'half-written file' => ["{\n  \"service2\": [\"192.0.2.1:80\",", 'not valid JSON: Syntax error'],
            'list at the top' => ['["192.0.2.1:80"]', 'expected an object mapping each service to its instances, found a list'],
            'null at the top' => ['null', 'expected an object mapping each service to its instances, found null'],
            'number instead of a list' => ['{"a": 80}', '"a": expected a list of "ip:port" strings, found a number'],
            'object instead of a list' => ['{"a": {}}', '"a": expected a list of "ip:port" strings, found an object'],
            'number in the list' => ['{"a": ["192.0.2.1:80", 80]}', '"a": expected an "ip:port" string, found a number'],
            'no port' => ['{"a": ["192.0.2.1"]}', '"a": "192.0.2.1" is not an "ip:port" address'],
            'port too large' => ['{"a": ["192.0.2.1:65536"]}', '"a": "192.0.2.1:65536" is not an "ip:port" address'],
            'IPv6 without brackets' => ['{"a": ["2001:db8::1:80"]}', '"a": "2001:db8::1:80" is not an "ip:port" address'],
            'trailing newline in an address' => ["{\"a\": [\"192.0.2.1:80\\n\"]}", "\"a\": \"192.0.2.1:80\n\" is not an \"ip:port\" address"],
            'trailing comma' => ['{"a": [],}', 'not valid JSON: Syntax error'],
            'not UTF-8' => ["{\"a\xff\": []}", 'not valid JSON: Malformed UTF-8 characters, possibly incorrectly encoded'],
        ];
    }

    /** @dataProvider malformedDocuments */
    public function testMalformedDocumentsAreRejectedWithTheirReason(string $text, string $reason): void
    {
        try {
            ServicesFile::parse($text, 'services.json');
            $this->fail('accepted ' . $text);
        } catch (ServicesFileException $error) {
            $this->assertSame($reason, $error->reason());
            $this->assertSame('services.json: ' . $reason, $error->getMessage());
        }
    }

    public function testEscapesAndAddressFormsAreRead(): void
    {
        $instances = ServicesFile::parse(
            '{"service\u0032": ["192.0.2.1:80", "db.internal:5432", "[::ffff:192.0.2.1]:0"], "123": []}',
            'services.json',
        );
        $this->assertSame(['service2' => ['192.0.2.1:80', 'db.internal:5432', '[::ffff:192.0.2.1]:0'], '123' => []], $instances);
    }
}
