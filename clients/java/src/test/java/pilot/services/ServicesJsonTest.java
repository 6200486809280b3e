package pilot.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServicesJsonTest {
    @Test
    void readsTheShapePilotWrites() throws Exception {
        ServicesSnapshot snapshot = ServicesJson.parse(
                "{\n  \"service2\": [\"192.0.2.1:80\", \"192.0.2.2:80\"],\n  \"service3\": []\n}\n", "services.json");
        assertEquals(List.of("192.0.2.1:80", "192.0.2.2:80"), snapshot.get("service2"));
        assertEquals(List.of(), snapshot.get("service3"));
        assertTrue(snapshot.has("service3"));
        assertFalse(snapshot.has("service4"));
        assertEquals(List.of("service2", "service3"), List.copyOf(snapshot.services()));
    }

    @Test
    void decodesEveryStringEscape() throws Exception {
        ServicesSnapshot snapshot = ServicesJson.parse(
                "{\"service\\u0032\": [\"db.internal:5432\"],"
                        + " \"q\\\"b\\\\s\\/n\\b\\f\\n\\r\\t\": [],"
                        + " \"\\u00e9\\ud83d\\ude00\": [\"[2001:DB8::a]:443\"]}",
                "services.json");
        assertEquals(List.of("db.internal:5432"), snapshot.get("service2"));
        assertTrue(snapshot.has("q\"b\\s/n\b\f\n\r\t"));
        assertEquals(List.of("[2001:DB8::a]:443"), snapshot.get("\u00e9\ud83d\ude00"));
    }

    @Test
    void keepsUnicodeTextAsIs() throws Exception {
        byte[] bytes = "{\"caf\u00e9\": [\"192.0.2.1:80\"]}".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("192.0.2.1:80"), ServicesJson.parse(bytes, "services.json").get("caf\u00e9"));
    }

    static Stream<Arguments> malformedDocuments() {
        return Stream.of(
                Arguments.of("", "services.json: the file is empty"),
                Arguments.of(" \n", "services.json: the file is empty"),
                Arguments.of("{\n  \"service2\": [\"192.0.2.1:80\",",
                        "services.json:2:31: the file ends too early (a half-written file?)"),
                Arguments.of("[\"192.0.2.1:80\"]",
                        "services.json:1:1: expected an object mapping each service to its instances, found a list"),
                Arguments.of("null", "services.json:1:1: expected an object mapping each service to its instances, found null"),
                Arguments.of("{\n  \"a\": 80\n}", "services.json:2:8: \"a\": expected a list of \"ip:port\" strings, found a number"),
                Arguments.of("{\"a\": null}", "services.json:1:7: \"a\": expected a list of \"ip:port\" strings, found null"),
                Arguments.of("{\"a\": {}}", "services.json:1:7: \"a\": expected a list of \"ip:port\" strings, found an object"),
                Arguments.of("{\"a\": [\"192.0.2.1:80\", 80]}",
                        "services.json:1:24: \"a\": expected an \"ip:port\" string, found a number"),
                Arguments.of("{\"a\": [true]}", "services.json:1:8: \"a\": expected an \"ip:port\" string, found a boolean"),
                Arguments.of("{\"a\": [\"192.0.2.1\"]}", "services.json:1:8: \"a\": \"192.0.2.1\" is not an \"ip:port\" address"),
                Arguments.of("{\"a\": [\"192.0.2.1:65536\"]}",
                        "services.json:1:8: \"a\": \"192.0.2.1:65536\" is not an \"ip:port\" address"),
                Arguments.of("{\"a\": [\"2001:db8::1:80\"]}",
                        "services.json:1:8: \"a\": \"2001:db8::1:80\" is not an \"ip:port\" address"),
                Arguments.of("{\"a\": [\":80\"]}", "services.json:1:8: \"a\": \":80\" is not an \"ip:port\" address"),
                Arguments.of("{}\n}", "services.json:2:1: unexpected text after the object"),
                Arguments.of("{\"a\": [],}", "services.json:1:10: expected a service name in double quotes, found '}'"),
                Arguments.of("{\"a\": [\"192.0.2.1:80\",]}",
                        "services.json:1:23: \"a\": expected an \"ip:port\" string, found ']'"),
                Arguments.of("{\"a\" []}", "services.json:1:6: expected ':', found a list"),
                Arguments.of("{\"a\": [] \"b\": []}", "services.json:1:10: expected ',' or '}' after the list of \"a\""),
                Arguments.of("{\"a\": [\"192.0.2.1:80\" \"192.0.2.2:80\"]}",
                        "services.json:1:23: expected ',' or ']' in the list of \"a\""),
                Arguments.of("{a: []}", "services.json:1:2: expected a service name in double quotes, found 'a'"),
                Arguments.of("{\"a\\x\": []}", "services.json:1:5: invalid escape '\\x' in a string"),
                Arguments.of("{\"a\\u12G4\": []}", "services.json:1:8: \\u must be followed by four hexadecimal digits"),
                Arguments.of("{\"a\nb\": []}", "services.json:1:4: a control character (U+000A) must be escaped in a string"),
                Arguments.of("{\"a\": [\"192.0.2.1:80", "services.json:1:21: the file ends too early (a half-written file?)"),
                Arguments.of("{\"\u00e9\u00e9\": 1}", "services.json:1:8: \"\u00e9\u00e9\": expected a list of \"ip:port\" strings, found a number"));
    }

    @ParameterizedTest
    @MethodSource("malformedDocuments")
    void rejectsMalformedDocumentsNamingTheirPlace(String text, String message) {
        ServicesFileException error = assertThrows(ServicesFileException.class, () -> ServicesJson.parse(text, "services.json"));
        assertEquals(message, error.getMessage());
        assertEquals("services.json", error.path());
    }

    @Test
    void rejectsBytesThatAreNotUTF8() {
        byte[] bytes = {'{', '"', 'a', (byte) 0xff, '"', ':', '[', ']', '}'};
        ServicesFileException error = assertThrows(ServicesFileException.class, () -> ServicesJson.parse(bytes, "services.json"));
        assertEquals("services.json: the file is not UTF-8 text", error.getMessage());
    }

    @Test
    void acceptsTheAddressFormsPilotWrites() {
        for (String address : List.of("192.0.2.1:80", "[2001:db8::1]:443", "[::ffff:192.0.2.1]:0", "db.internal:65535")) {
            assertTrue(ServicesJson.validAddress(address), address);
        }
        for (String address : List.of("192.0.2.1", "192.0.2.1:", "192.0.2.1:8o", "[]:80", "[zz::1]:80", "a b:80", "192.0.2.1:123456")) {
            assertFalse(ServicesJson.validAddress(address), address);
        }
    }
}
