package dev.hookhouse.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.spool.SpoolRecord;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    private final TestRegistry registry = new TestRegistry();
    private TestRegistry.Credentials sender;
    private TestRegistry.Credentials other;

    @BeforeEach
    void createRegistry() {
        sender = registry.createToken("sender");
        other = registry.createToken("other");
        registry.createPipeline(1, "live");
        registry.createPipeline(2, "paused");
        registry.disablePipeline(2);
    }

    private Optional<RejectReason> reasonFor(long pipeline, String key, String token) {
        SpoolRecord record = SpoolFixture.record(1, pipeline, key, token, "{}");
        return Authenticator.check(record, registry.snapshot()).map(Rejection::reason);
    }

    @Test
    void validCredentialsForAnEnabledPipelinePass() {
        assertTrue(reasonFor(1, sender.key(), sender.token()).isEmpty());
    }

    @Test
    void eachFailureHasItsReason() {
        assertEquals(Optional.of(RejectReason.UNKNOWN_KEY),
                reasonFor(1, "00000000-0000-0000-0000-000000000000", sender.token()));
        assertEquals(Optional.of(RejectReason.TOKEN_MISMATCH),
                reasonFor(1, sender.key(), other.token()));
        registry.revoke(sender.key());
        assertEquals(Optional.of(RejectReason.TOKEN_REVOKED),
                reasonFor(1, sender.key(), sender.token()));
        assertEquals(Optional.of(RejectReason.UNKNOWN_PIPELINE),
                reasonFor(3, other.key(), other.token()));
        assertEquals(Optional.of(RejectReason.PIPELINE_DISABLED),
                reasonFor(2, other.key(), other.token()));
    }

    @Test
    void aWrongTokenForARevokedKeyIsAMismatch() {
        registry.revoke(sender.key());

        assertEquals(Optional.of(RejectReason.TOKEN_MISMATCH),
                reasonFor(1, sender.key(), other.token()));
    }

    @Test
    void credentialsAreCheckedBeforeThePipeline() {
        assertEquals(Optional.of(RejectReason.UNKNOWN_KEY),
                reasonFor(3, "00000000-0000-0000-0000-000000000000", sender.token()));
        assertEquals(Optional.of(RejectReason.TOKEN_MISMATCH),
                reasonFor(2, sender.key(), other.token()));
    }

    @Test
    void detailNamesTheKeyButNeverTheToken() {
        SpoolRecord record = SpoolFixture.record(1, 1, sender.key(), other.token(), "{}");

        Rejection rejection = Authenticator.check(record, registry.snapshot()).orElseThrow();

        assertTrue(rejection.detail().contains(sender.key()), rejection.detail());
        assertTrue(!rejection.detail().contains(other.token()), rejection.detail());
    }
}
