extension JavaTemplates {
    /// `NoHealthyInstanceException.java`: the typed "no healthy instance of X" error.
    static let noHealthyInstance = #"""
{{HEADER}}

package {{PACKAGE}};

import java.util.NoSuchElementException;

/**
 * services.json lists no instance of a dependency: none is healthy in Consul, or the file does not name
 * the service at all.
 */
public final class NoHealthyInstanceException extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    private final String service;
    private final String path;
    private final boolean listed;

    NoHealthyInstanceException(String service, String path, boolean listed) {
        super(listed
                ? "no healthy instance of \"" + service + "\" in " + path
                : "no healthy instance of \"" + service + "\": " + path + " does not list it");
        this.service = service;
        this.path = path;
        this.listed = listed;
    }

    /** The dependency asked for. */
    public String service() {
        return service;
    }

    /** The file that was read. */
    public String path() {
        return path;
    }

    /** Whether the file names the service (with an empty list) rather than not at all. */
    public boolean listed() {
        return listed;
    }
}
"""#
}
