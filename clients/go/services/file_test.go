package services

import (
	"strings"
	"testing"
)

func TestParseAcceptsEscapesIPv6AndHostNames(t *testing.T) {
	snapshot, err := parse("services.json", []byte(
		"{\"service\\u0032\": [\"192.0.2.1:80\"], \"db\": [\"[2001:DB8::a]:5432\", \"db.internal:5432\"], \"none\": []}"))
	if err != nil {
		t.Fatal(err)
	}
	expectInstances(t, snapshot.Get("service2"), "192.0.2.1:80")
	expectInstances(t, snapshot.Get("db"), "[2001:DB8::a]:5432", "db.internal:5432")
	if !snapshot.Has("none") || snapshot.Get("none") != nil || snapshot.Has("other") {
		t.Fatal("an empty list is listed with no instance; an absent service is not listed")
	}
}

func TestParseRejectsMalformedDocumentsWithTheirPlace(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"empty file", "", `services.json: the file is empty`},
		{"half-written file", "{\n  \"service2\": [\"192.0.2.1:80\",", `services.json:2:31: the file ends too early (a half-written file?)`},
		{"list at the top", `["192.0.2.1:80"]`, `services.json:1:1: expected an object mapping each service to its instances, found a list`},
		{"null at the top", `null`, `services.json:1:1: expected an object mapping each service to its instances, found null`},
		{"number instead of a list", "{\n  \"a\": 80\n}", `services.json:2:8: "a": expected a list of "ip:port" strings, found a number`},
		{"null instead of a list", `{"a": null}`, `services.json:1:7: "a": expected a list of "ip:port" strings, found null`},
		{"number in the list", `{"a": ["192.0.2.1:80", 80]}`, `services.json:1:24: "a": expected an "ip:port" string, found a number`},
		{"no port", `{"a": ["192.0.2.1"]}`, `services.json:1:8: "a": "192.0.2.1" is not an "ip:port" address`},
		{"port too large", `{"a": ["192.0.2.1:65536"]}`, `services.json:1:8: "a": "192.0.2.1:65536" is not an "ip:port" address`},
		{"IPv6 without brackets", `{"a": ["2001:db8::1:80"]}`, `services.json:1:8: "a": "2001:db8::1:80" is not an "ip:port" address`},
		{"text after the object", "{}\n}", `services.json:2:1: not valid JSON: invalid character '}' after top-level value`},
		{"not JSON at all", "bad", `services.json:1:1: not valid JSON: invalid character 'b' looking for beginning of value`},
		{"trailing comma", `{"a": [],}`, `services.json:1:10: not valid JSON: invalid character '}' looking for beginning of object key string`},
		{"bad escape", `{"a\x": []}`, `services.json:1:5: not valid JSON: invalid character 'x' in string escape code`},
		{"not UTF-8", "{\"a\xff\": []}", `services.json: the file is not UTF-8 text`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parse("services.json", []byte(c.text))
			if err == nil {
				t.Fatalf("accepted %q", c.text)
			}
			if err.Error() != c.want {
				t.Fatalf("\n got %s\nwant %s", err, c.want)
			}
			if !strings.HasPrefix(err.Error(), "services.json") {
				t.Fatal("the message does not name the file")
			}
		})
	}
}
