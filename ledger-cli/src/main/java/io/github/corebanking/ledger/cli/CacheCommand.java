package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.redis.RedisBalanceCache;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cache}: the Redis balance cache of ledger-redis. */
@Command(name = "cache", mixinStandardHelpOptions = true, description = "The Redis balance cache.",
    subcommands = CacheCommand.Clear.class)
final class CacheCommand implements Runnable {

  @Spec
  @Nullable CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec == null ? null : spec.commandLine(), "name the cache command, such as clear");
  }

  @Command(name = "clear", mixinStandardHelpOptions = true,
      description = "Drops every cached balance under the key prefix, in Redis and (through the invalidation "
          + "channel) in every process's local tier; balances are read from PostgreSQL again. Exit 3 when Redis "
          + "is not usable.")
  static final class Clear extends LedgerCommand {
    @Override
    int run(Session session, Console console) {
      RedisBalanceCache cache = session.connectedCache();
      cache.clearAll();
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("keyPrefix", cache.keyPrefix());
      doc.put("cleared", true);
      doc.put("cache", cache.health().status());
      console.result(doc, () -> console.println("cleared the balance cache under " + cache.keyPrefix()
          + " (Redis and every process's local tier)"));
      return ExitCodes.OK;
    }
  }
}
