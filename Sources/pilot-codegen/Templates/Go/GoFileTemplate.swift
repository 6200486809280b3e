extension GoTemplates {
    /// `file.go`: reading the file under a shared flock, the JSON shape check, and FileError.
    static let file = #"""
{{HEADER}}

package {{PACKAGE}}

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
	"unicode/utf8"
)

// FileError is a services.json that cannot be used: unreadable, not JSON, or not an object mapping each
// service to a list of "ip:port" strings. errors.Is(err, fs.ErrNotExist) tells a missing file.
type FileError struct {
	// Path is the file's path.
	Path string
	// Line and Column (both from 1) locate the problem in the file; 0 when it has no place.
	Line, Column int
	// Reason says what is wrong.
	Reason string
	// Err is the underlying error, if any.
	Err error
}

// Error returns "path:line:column: reason", or "path: reason" when the problem has no place.
func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Reason)
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// readFile reads services.json under a shared flock, so that a writer that rewrites the file in place
// under an exclusive flock (pilot's --services-file-in-place) is never seen half done.
func readFile(path string) (*Snapshot, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, &FileError{Path: path, Reason: "cannot open the file: " + reason(err), Err: err}
	}
	defer file.Close()
	for {
		err = syscall.Flock(int(file.Fd()), syscall.LOCK_SH)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &FileError{Path: path, Reason: "cannot lock the file: " + err.Error(), Err: err}
	}
	data, err := io.ReadAll(file)
	if err != nil {
		return nil, &FileError{Path: path, Reason: "cannot read the file: " + reason(err), Err: err}
	}
	return parse(path, data)
}

func reason(err error) string {
	var pathError *os.PathError
	if errors.As(err, &pathError) {
		return pathError.Err.Error()
	}
	return err.Error()
}

// parse reads the one shape pilot writes: {"service": ["ip:port", ...], ...}.
func parse(path string, data []byte) (*Snapshot, error) {
	fail := func(offset int64, format string, args ...any) error {
		line, column := position(data, offset)
		return &FileError{Path: path, Line: line, Column: column, Reason: fmt.Sprintf(format, args...)}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &FileError{Path: path, Reason: "the file is empty"}
	}
	if !utf8.Valid(data) {
		return nil, &FileError{Path: path, Reason: "the file is not UTF-8 text"}
	}
	// Syntax first: the whole-document check reports every syntax error at the byte that caused it.
	var raw json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		var syntax *json.SyntaxError
		if !errors.As(err, &syntax) {
			return nil, &FileError{Path: path, Reason: "not valid JSON: " + err.Error(), Err: err}
		}
		if syntax.Error() == "unexpected end of JSON input" {
			return nil, fail(int64(len(data)), "the file ends too early (a half-written file?)")
		}
		return nil, fail(syntax.Offset-1, "not valid JSON: %s", syntax.Error())
	}
	// Then the shape, token by token, to name the place of anything that is not a list of strings.
	decoder := json.NewDecoder(bytes.NewReader(data))
	next := func() (json.Token, int64, error) {
		start := skipSeparators(data, decoder.InputOffset())
		token, err := decoder.Token()
		if err != nil {
			return nil, start, fail(start, "not valid JSON: %s", err.Error())
		}
		return token, start, nil
	}
	token, start, err := next()
	if err != nil {
		return nil, err
	}
	if token != json.Delim('{') {
		return nil, fail(start, "expected an object mapping each service to its instances, found %s", describe(token))
	}
	instances := map[string][]string{}
	for decoder.More() {
		token, _, err = next()
		if err != nil {
			return nil, err
		}
		service := token.(string)
		token, start, err = next()
		if err != nil {
			return nil, err
		}
		if token != json.Delim('[') {
			return nil, fail(start, "%q: expected a list of \"ip:port\" strings, found %s", service, describe(token))
		}
		list := []string{}
		for decoder.More() {
			token, start, err = next()
			if err != nil {
				return nil, err
			}
			address, isString := token.(string)
			if !isString {
				return nil, fail(start, "%q: expected an \"ip:port\" string, found %s", service, describe(token))
			}
			if !validAddress(address) {
				return nil, fail(start, "%q: %q is not an \"ip:port\" address", service, address)
			}
			list = append(list, address)
		}
		if _, _, err = next(); err != nil { // the closing ']'
			return nil, err
		}
		instances[service] = list
	}
	return &Snapshot{instances: instances}, nil
}

// validAddress accepts "host:port" and "[ipv6]:port" with a port from 0 to 65535.
func validAddress(address string) bool {
	colon := -1
	for i := len(address) - 1; i >= 0; i-- {
		if address[i] == ':' {
			colon = i
			break
		}
	}
	if colon < 0 {
		return false
	}
	host, port := address[:colon], address[colon+1:]
	if len(port) == 0 || len(port) > 5 {
		return false
	}
	value := 0
	for i := 0; i < len(port); i++ {
		if port[i] < '0' || port[i] > '9' {
			return false
		}
		value = value*10 + int(port[i]-'0')
	}
	if value > 65535 {
		return false
	}
	if len(host) >= 2 && host[0] == '[' && host[len(host)-1] == ']' {
		inner := host[1 : len(host)-1]
		if len(inner) == 0 || !bytes.ContainsRune([]byte(inner), ':') {
			return false
		}
		for i := 0; i < len(inner); i++ {
			c := inner[i]
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.') {
				return false
			}
		}
		return true
	}
	if len(host) == 0 {
		return false
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		if c <= ' ' || c == ':' || c == '[' || c == ']' || c == 0x7f {
			return false
		}
	}
	return true
}

func describe(token json.Token) string {
	switch value := token.(type) {
	case json.Delim:
		if value == '{' {
			return "an object"
		}
		return "a list"
	case string:
		return fmt.Sprintf("a string (%q)", value)
	case float64, json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", token)
}

// skipSeparators moves past the whitespace, commas and colons that the decoder consumes before a token.
func skipSeparators(data []byte, offset int64) int64 {
	for offset < int64(len(data)) {
		switch data[offset] {
		case ' ', '\t', '\r', '\n', ',', ':':
			offset++
		default:
			return offset
		}
	}
	return offset
}

// position turns a byte offset into a line and a column counted in characters, both from 1.
func position(data []byte, offset int64) (line, column int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	if offset < 0 {
		offset = 0
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	column = utf8.RuneCount(before[lineStart:]) + 1
	return line, column
}
"""#
}
