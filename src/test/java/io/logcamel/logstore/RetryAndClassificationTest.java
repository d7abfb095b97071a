package io.logcamel.logstore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryAndClassificationTest {

    @ParameterizedTest
    @CsvSource({
            "WriteQuotaExceed,403,QUOTA", "ShardWriteQuotaExceed,403,QUOTA", "ExceedQuota,403,QUOTA",
            "ServerBusy,503,TRANSIENT", "InternalServerError,500,TRANSIENT", "RequestError,0,TRANSIENT",
            "HTTP502,502,TRANSIENT", "RequestTimeExpired,400,CLOCK",
            "Unauthorized,401,CREDENTIALS", "SignatureNotMatch,401,CREDENTIALS",
            "ProjectNotExist,404,MISCONFIGURED", "LogStoreNotExist,404,MISCONFIGURED",
            "PostBodyTooLarge,400,BAD_REQUEST", "InvalidLogSize,400,BAD_REQUEST", "SomethingNew,400,BAD_REQUEST",
            "SomethingNew,500,TRANSIENT"})
    void classifiesByErrorCodeThenStatus(String code, int status, ErrorClass expected) {
        assertEquals(expected, LogstoreErrorClassifier.classify(code, status));
    }

    @Test
    void onlyBadRequestsAreNotRetried() {
        for (ErrorClass errorClass : ErrorClass.values()) {
            assertEquals(errorClass != ErrorClass.BAD_REQUEST, errorClass.retryable(), errorClass.name());
        }
    }

    @Test
    void backoffDoublesIsCappedAndJittered() {
        RetryPolicy policy = new RetryPolicy(5, 100, 1000);
        assertEquals(100, policy.ceiling(0));
        assertEquals(200, policy.ceiling(1));
        assertEquals(800, policy.ceiling(3));
        assertEquals(1000, policy.ceiling(4));
        assertEquals(1000, policy.ceiling(80));
        for (int i = 0; i < 100; i++) {
            long delay = policy.delayMillis(2);
            assertTrue(delay >= 200 && delay <= 400, "delay " + delay);
        }
        assertTrue(policy.canRetry(4));
        assertFalse(policy.canRetry(5));
    }
}
