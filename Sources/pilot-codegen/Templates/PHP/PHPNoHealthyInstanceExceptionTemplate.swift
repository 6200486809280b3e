extension PHPTemplates {
    /// `NoHealthyInstanceException.php`: the typed "no healthy instance of X" error.
    static let noHealthyInstance = #"""
<?php
{{HEADER}}

declare(strict_types=1);

namespace {{PACKAGE}};

/**
 * services.json lists no instance of a dependency: none is healthy in Consul, or the file does not name
 * the service at all.
 */
final class NoHealthyInstanceException extends \RuntimeException
{
    public function __construct(
        private readonly string $service,
        private readonly string $path,
        private readonly bool $listed,
    ) {
        parent::__construct($listed
            ? sprintf('no healthy instance of "%s" in %s', $service, $path)
            : sprintf('no healthy instance of "%s": %s does not list it', $service, $path));
    }

    /** The dependency asked for. */
    public function service(): string
    {
        return $this->service;
    }

    /** The file that was read. */
    public function path(): string
    {
        return $this->path;
    }

    /** Whether the file names the service (with an empty list) rather than not at all. */
    public function listed(): bool
    {
        return $this->listed;
    }
}
"""#
}
