package io.github.corebanking.ledger.cli;

import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command shares: the run's settings and console from {@link RootCommand}, a
 * {@link Session} opened for the command and closed after it, and the exit code it returns.
 */
abstract class LedgerCommand implements Callable<Integer> {

  @Spec
  @Nullable CommandSpec spec;

  @Override
  public final Integer call() {
    RootCommand root = (RootCommand) spec().root().userObject();
    Console console = root.console();
    try (Session session = new Session(root.settings())) {
      return run(session, console);
    }
  }

  CommandSpec spec() {
    if (spec == null) {
      throw new IllegalStateException("the command was not built by picocli");
    }
    return spec;
  }

  /**
   * Runs the command.
   *
   * @param session the library objects, made on first use
   * @param console where to print
   * @return the {@linkplain ExitCodes exit code}
   */
  abstract int run(Session session, Console console);
}
