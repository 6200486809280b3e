extension JavaTemplates {
    /// `ServicesFileException.java`: a file that cannot be used, with its line and column.
    static let fileException = #"""
{{HEADER}}

package {{PACKAGE}};

import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * A services.json that cannot be used: missing, unreadable, not JSON, or not an object mapping each
 * service to a list of "ip:port" strings. The message is {@code path:line:column: reason}, or
 * {@code path: reason} when the problem has no place in the file.
 */
public final class ServicesFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final int line;
    private final int column;
    private final String reason;

    ServicesFileException(String path, int line, int column, String reason, Throwable cause) {
        super(line > 0 ? path + ":" + line + ":" + column + ": " + reason : path + ": " + reason, cause);
        this.path = path;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** The file's path. */
    public String path() {
        return path;
    }

    /** The line of the problem, from 1; 0 when it has no place in the file. */
    public int line() {
        return line;
    }

    /** The column of the problem in characters, from 1; 0 when it has no place in the file. */
    public int column() {
        return column;
    }

    /** What is wrong, without the place. */
    public String reason() {
        return reason;
    }

    /** Whether the file does not exist. */
    public boolean isMissingFile() {
        return getCause() instanceof NoSuchFileException;
    }
}
"""#
}
