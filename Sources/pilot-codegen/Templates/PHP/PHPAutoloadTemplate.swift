extension PHPTemplates {
    /// `autoload.php`: requires every file, for applications without Composer.
    static let autoload = #"""
<?php
{{HEADER}}

declare(strict_types=1);

// For applications without Composer: require this file once. With Composer, map the namespace
// {{PACKAGE}}\ to this folder in "autoload": {"psr-4": {...}} instead.
require_once __DIR__ . '/ServicesFileException.php';
require_once __DIR__ . '/NoHealthyInstanceException.php';
require_once __DIR__ . '/ServicesFile.php';
require_once __DIR__ . '/Dependency.php';
require_once __DIR__ . '/Services.php';
"""#
}
