/// The Go reader's files as templates: `{{HEADER}}` and `{{PACKAGE}}` are filled in by ``GoGenerator``.
enum GoTemplates {}

/// The Java reader's files as templates: `{{HEADER}}`, `{{PACKAGE}}` and, in the watcher,
/// `{{TYPED_ACCESSORS}}` are filled in by ``JavaGenerator``.
enum JavaTemplates {}

/// The PHP reader's files as templates: `{{HEADER}}`, `{{PACKAGE}}` (the namespace) and, in Services,
/// `{{TYPED_ACCESSORS}}` are filled in by ``PHPGenerator``.
enum PHPTemplates {}
