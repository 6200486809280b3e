extension JavaTemplates {
    /// `ServicesJson.java`: the small strict JSON reader for the one shape pilot writes.
    static let json = #"""
{{HEADER}}

package {{PACKAGE}};

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON reader for the one shape pilot writes, {@code {"service": ["ip:port", ...], ...}}, so that the
 * reader needs nothing beyond the standard library. Strict JSON (RFC 8259) otherwise: every error names
 * its line and column.
 */
final class ServicesJson {
    private final String text;
    private final String path;
    private int index;

    private ServicesJson(String text, String path) {
        this.text = text;
        this.path = path;
    }

    /** Reads the bytes of a services.json. */
    static ServicesSnapshot parse(byte[] bytes, String path) throws ServicesFileException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ServicesFileException(path, 0, 0, "the file is not UTF-8 text", e);
        }
        return parse(text, path);
    }

    /** Reads the text of a services.json. */
    static ServicesSnapshot parse(String text, String path) throws ServicesFileException {
        if (text.isBlank()) {
            throw new ServicesFileException(path, 0, 0, "the file is empty", null);
        }
        return new ServicesJson(text, path).document();
    }

    private ServicesSnapshot document() throws ServicesFileException {
        skipWhitespace();
        if (peek() != '{') {
            throw fail(index, "expected an object mapping each service to its instances, found " + describe());
        }
        index++;
        Map<String, List<String>> instances = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            index++;
        } else {
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw fail(index, "expected a service name in double quotes, found " + describe());
                }
                String service = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                instances.put(service, list(service));
                skipWhitespace();
                char next = next();
                if (next == '}') {
                    break;
                }
                if (next != ',') {
                    throw fail(index - 1, "expected ',' or '}' after the list of \"" + service + "\"");
                }
            }
        }
        skipWhitespace();
        if (index < text.length()) {
            throw fail(index, "unexpected text after the object");
        }
        return new ServicesSnapshot(instances);
    }

    private List<String> list(String service) throws ServicesFileException {
        if (peek() != '[') {
            throw fail(index, "\"" + service + "\": expected a list of \"ip:port\" strings, found " + describe());
        }
        index++;
        List<String> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            index++;
            return list;
        }
        while (true) {
            skipWhitespace();
            int start = index;
            if (peek() != '"') {
                throw fail(start, "\"" + service + "\": expected an \"ip:port\" string, found " + describe());
            }
            String address = string();
            if (!validAddress(address)) {
                throw fail(start, "\"" + service + "\": \"" + address + "\" is not an \"ip:port\" address");
            }
            list.add(address);
            skipWhitespace();
            char next = next();
            if (next == ']') {
                return list;
            }
            if (next != ',') {
                throw fail(index - 1, "expected ',' or ']' in the list of \"" + service + "\"");
            }
        }
    }

    private String string() throws ServicesFileException {
        index++; // the opening quote
        StringBuilder result = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return result.toString();
            }
            if (c < 0x20) {
                throw fail(index - 1, String.format("a control character (U+%04X) must be escaped in a string", (int) c));
            }
            if (c != '\\') {
                result.append(c);
                continue;
            }
            char escape = next();
            switch (escape) {
                case '"', '\\', '/' -> result.append(escape);
                case 'b' -> result.append('\b');
                case 'f' -> result.append('\f');
                case 'n' -> result.append('\n');
                case 'r' -> result.append('\r');
                case 't' -> result.append('\t');
                case 'u' -> {
                    int value = 0;
                    for (int digit = 0; digit < 4; digit++) {
                        int hex = hexValue(next());
                        if (hex < 0) {
                            throw fail(index - 1, "\\u must be followed by four hexadecimal digits");
                        }
                        value = value * 16 + hex;
                    }
                    result.append((char) value); // a surrogate pair arrives as two escapes, as Java stores it
                }
                default -> throw fail(index - 1, "invalid escape '\\" + escape + "' in a string");
            }
        }
    }

    private void expect(char expected) throws ServicesFileException {
        if (peek() != expected) {
            throw fail(index, "expected '" + expected + "', found " + describe());
        }
        index++;
    }

    private char peek() throws ServicesFileException {
        if (index >= text.length()) {
            throw fail(text.length(), "the file ends too early (a half-written file?)");
        }
        return text.charAt(index);
    }

    private char next() throws ServicesFileException {
        char c = peek();
        index++;
        return c;
    }

    private void skipWhitespace() {
        while (index < text.length()) {
            char c = text.charAt(index);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            index++;
        }
    }

    private String describe() {
        if (index >= text.length()) {
            return "the end of the file";
        }
        char c = text.charAt(index);
        if (c == '{') {
            return "an object";
        }
        if (c == '[') {
            return "a list";
        }
        if (c == '"') {
            return "a string";
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return "a number";
        }
        if (text.startsWith("true", index) || text.startsWith("false", index)) {
            return "a boolean";
        }
        if (text.startsWith("null", index)) {
            return "null";
        }
        return "'" + new String(Character.toChars(text.codePointAt(index))) + "'";
    }

    private ServicesFileException fail(int offset, String reason) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = text.codePointCount(lineStart, offset) + 1;
        return new ServicesFileException(path, line, column, reason, null);
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Accepts "host:port" and "[ipv6]:port" with a port from 0 to 65535. */
    static boolean validAddress(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        String host = address.substring(0, colon);
        String port = address.substring(colon + 1);
        if (port.isEmpty() || port.length() > 5) {
            return false;
        }
        int value = 0;
        for (int i = 0; i < port.length(); i++) {
            char c = port.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        if (value > 65535) {
            return false;
        }
        if (host.length() >= 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
            String inner = host.substring(1, host.length() - 1);
            if (inner.isEmpty() || inner.indexOf(':') < 0) {
                return false;
            }
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (hexValue(c) < 0 && c != ':' && c != '.') {
                    return false;
                }
            }
            return true;
        }
        if (host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c == ':' || c == '[' || c == ']' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
"""#
}
