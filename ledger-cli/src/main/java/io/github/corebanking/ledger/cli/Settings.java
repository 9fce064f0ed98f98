package io.github.corebanking.ledger.cli;

import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * Where the ledger is, from the options and the environment.
 *
 * @param jdbcUrl        the PostgreSQL JDBC URL, or null when none was given
 * @param password       the database password, or null (then the URL or the server decides)
 * @param schema         the ledger's schema
 * @param zone           the bank's zone, in which business days start and end
 * @param redisUrl       the Redis URL, or null for none
 * @param redisKeyPrefix the cache's key prefix in Redis
 */
record Settings(@Nullable String jdbcUrl, @Nullable String password, String schema, ZoneId zone,
    @Nullable String redisUrl, String redisKeyPrefix) {}
