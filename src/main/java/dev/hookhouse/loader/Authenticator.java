package dev.hookhouse.loader;

import dev.hookhouse.registry.PipelineEntry;
import dev.hookhouse.registry.RegistrySnapshot;
import dev.hookhouse.registry.TokenEntry;
import dev.hookhouse.registry.TokenHash;
import dev.hookhouse.spool.SpoolRecord;
import java.util.Optional;

/**
 * Decides whether a spooled record may be loaded, against one registry snapshot.
 *
 * <p><b>Precedence.</b> Credentials first, then the pipeline: a record whose credentials fail
 * says nothing trustworthy about where it meant to go, so the pipeline is not looked at. Among
 * credentials: {@code UNKNOWN_KEY}, then {@code TOKEN_MISMATCH}, then {@code TOKEN_REVOKED}.
 * The token is compared before the revocation so that {@code TOKEN_REVOKED} means exactly "a
 * sender still holds the real token of a revoked key", which is what an operator needs to
 * know; a wrong token for a revoked key is a plain mismatch. Then {@code UNKNOWN_PIPELINE},
 * then {@code PIPELINE_DISABLED}.
 */
public final class Authenticator {

    private Authenticator() {
    }

    /** Empty if the record may be loaded, else the first check it fails. */
    public static Optional<Rejection> check(SpoolRecord record, RegistrySnapshot registry) {
        TokenEntry token = registry.tokensByKey().get(record.key());
        if (token == null) {
            return reject(RejectReason.UNKNOWN_KEY, "no token has key " + record.key());
        }
        if (!TokenHash.matches(token.tokenSha256(), record.tokenSha256())) {
            return reject(RejectReason.TOKEN_MISMATCH,
                    "the token sent does not match key " + record.key());
        }
        if (token.revoked()) {
            return reject(RejectReason.TOKEN_REVOKED,
                    "key " + record.key() + " (" + token.name() + ") is revoked");
        }

        PipelineEntry pipeline = registry.pipelinesById().get(record.pipelineId());
        if (pipeline == null) {
            return reject(RejectReason.UNKNOWN_PIPELINE,
                    "no pipeline has id " + record.pipelineId());
        }
        if (!pipeline.enabled()) {
            return reject(RejectReason.PIPELINE_DISABLED, "pipeline " + record.pipelineId()
                    + " (" + pipeline.name() + ") is disabled");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(RejectReason reason, String detail) {
        return Optional.of(new Rejection(reason, detail));
    }
}
