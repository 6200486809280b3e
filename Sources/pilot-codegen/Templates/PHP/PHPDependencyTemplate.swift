extension PHPTemplates {
    /// `Dependency.php`: one dependency with its reads and picks.
    static let dependency = #"""
<?php
{{HEADER}}

declare(strict_types=1);

namespace {{PACKAGE}};

/** One dependency of this service, with the same reads and picks as the Services it came from. */
final class Dependency
{
    public function __construct(
        private readonly Services $services,
        private readonly string $name,
    ) {
    }

    /** The dependency's service name. */
    public function name(): string
    {
        return $this->name;
    }

    /** @return list<string> the dependency's instances ("ip:port") */
    public function instances(): array
    {
        return $this->services->get($this->name);
    }

    /** One instance chosen at random; throws NoHealthyInstanceException when there is none. */
    public function pickRandom(): string
    {
        return $this->services->pickRandom($this->name);
    }

    /** The instances in turn, one per call in this process; throws NoHealthyInstanceException when none. */
    public function pickRoundRobin(): string
    {
        return $this->services->pickRoundRobin($this->name);
    }
}
"""#
}
