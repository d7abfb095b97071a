package io.logcamel.parse;

import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every broken option fails at route start with a message naming the route, step and option. */
class BadConfigurationTest {

    private final StepHarness camel = new StepHarness();

    @AfterEach
    void close() {
        camel.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "parse:regex?pattern=RAW((?<a>x)                              | pattern     | invalid regex",
            "parse:regex                                                   | pattern     | a regex is required",
            "parse:regex?pattern=RAW((?<remote_addr>x)                    | pattern     | invalid regex: Unclosed group in (?<remote_addr>x",
            "parse:regex?pattern=RAW((?<a_b>x)(?P<a_b>y))                 | pattern     | the group name 'a_b' is used twice",
            "fields:mask?pattern=RAW((?<card_tail>\\d+))&replacement=RAW(${card})  | replacement | ${card}",
            "parse:regex?pattern=RAW((a)(b))&keys=x,y,z                   | keys        | 3 keys given for 2 capturing groups",
            "parse:regex?pattern=RAW((a)(b))                              | keys        | no named groups",
            "parse:regex?pattern=RAW((?<a>x))&keys=RAW(a,,b)              | keys        | empty key",
            "parse:regex?pattern=RAW((?<a>x))&regexBudget=0              | regexBudget | at least 1",
            "parse:xml                                                     | format      | 'xml' is not one of",
            "parse:delimiter                                               | keys        | at least one key",
            "parse:delimiter?keys=a&separator=                            | separator   | must not be empty",
            "parse:delimiter?keys=a&quote=RAW(\"\")                       | quote       | one character",
            "parse:delimiter?keys=a&quote=RAW(,)                          | quote       | appears in the separator",
            "parse:json?maxDepth=0                                         | maxDepth    | at least 1",
            "parse:nginx?logFormat=RAW($remote_addr$remote_user)          | logFormat   | no text between them",
            "parse:nginx?logFormat=RAW(no variables here)                 | logFormat   | no fields",
            "parse:nginx?logFormat=RAW($a ${b)                            | logFormat   | unclosed",
            "parse:nginx?logFormat=RAW($a $a)                             | logFormat   | appears twice",
            "parse:nginx?engine=pcre                                       | engine      | 'scanner' or 'regex'",
            "parse:nginx?logFormat=RAW($a $b)&splitRequest=true           | splitRequest | no request field",
            "parse:apache?logFormat=RAW(%h %Z)                            | logFormat   | unsupported directive %Z",
            "time:parse?format=RAW(%Y-%m-%d %Q)                           | format      | unknown time directive %Q",
            "time:parse                                                    | format      | a time format is required",
            "time:parse?formatType=java&format=RAW(yyyy-MM-dd ppp HH)     | format      | invalid DateTimeFormatter",
            "time:parse?format=%25s&timeZone=Mars/Olympus                  | timeZone    | unknown time zone",
            "time:parse?format=%25s&maxAge=five                            | maxAge      | not a duration",
            "time:window?maxFuture=soon                                    | maxFuture   | not a duration",
            "time:later                                                    | action      | not one of parse, window",
            "filter:level                                                  | include     | include or exclude",
            "filter:level?include=RAW([A-Z)                               | include     | invalid regex",
            "filter:level?exclude=RAW(*x)                                 | exclude     | invalid regex",
            "fields:drop                                                   | keys        | at least one key",
            "fields:rename?mapping=a-b                                     | mapping     | is not old:new",
            "fields:add?value=x                                            | key         | is required",
            "fields:tag?key=x                                              | value       | a value is required",
            "fields:mask?key=content                                       | pattern     | is required",
            "fields:mask?pattern=RAW((\\d+))&replacement=RAW(#$2)         | replacement | refers to $2",
            "fields:mask?pattern=RAW(\\d+)&replacement=RAW(${tail})       | replacement | ${tail}",
            "fields:mask?pattern=RAW(\\d+)&replacement=RAW(US$)           | replacement | write \\$",
            "fields:hide?key=a                                             | action      | not one of drop, keep",
    })
    void namesTheOptionAndTheStep(String uri, String option, String problem) {
        Exception error = assertThrows(Exception.class, () -> camel.context.getEndpoint(uri).createProducer());
        String message = rootMessage(error);
        assertTrue(message.contains("Invalid option '" + option + "'"), message);
        assertTrue(message.contains(problem), message);
        assertTrue(message.contains(uri.substring(0, uri.indexOf(':'))), "names the step: " + message);
    }

    @Test
    void aBrokenStepFailsItsRouteAtStartAndTheMessageNamesTheRoute() {
        Exception error = assertThrows(Exception.class, () -> camel.context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:nginx-access").routeId("nginx-access-logs")
                        .to("parse:nginx")
                        .to("time:parse?sourceKey=time_local&format=RAW(%d/%b/%Y:%H:%M:%S %Z)");
            }
        }));
        String message = rootMessage(error);
        assertTrue(message.contains("route 'nginx-access-logs'"), message);
        assertTrue(message.contains("Invalid option 'format'"), message);
        assertTrue(message.contains("time://parse"), message);
        assertTrue(message.contains("unknown time directive %Z"), message);
    }

    static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && !(cause instanceof StepConfigException)) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
