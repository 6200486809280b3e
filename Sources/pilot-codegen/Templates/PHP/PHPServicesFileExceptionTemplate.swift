extension PHPTemplates {
    /// `ServicesFileException.php`: a file that cannot be used.
    static let fileException = #"""
<?php
{{HEADER}}

declare(strict_types=1);

namespace {{PACKAGE}};

/**
 * A services.json that cannot be used: missing, unreadable, not JSON, or not an object mapping each
 * service to a list of "ip:port" strings. The message is "path: reason".
 */
final class ServicesFileException extends \RuntimeException
{
    public function __construct(
        private readonly string $path,
        private readonly string $reason,
        private readonly bool $missingFile = false,
        ?\Throwable $previous = null,
    ) {
        parent::__construct($path . ': ' . $reason, 0, $previous);
    }

    /** The file's path. */
    public function path(): string
    {
        return $this->path;
    }

    /** What is wrong, without the path. */
    public function reason(): string
    {
        return $this->reason;
    }

    /** Whether the file does not exist. */
    public function isMissingFile(): bool
    {
        return $this->missingFile;
    }
}
"""#
}
