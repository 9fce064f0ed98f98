package io.github.corebanking.ledger.testkit.services;

import java.util.Optional;

/**
 * Starts throw-away servers with Testcontainers when it is on the class path and Docker answers.
 * Testcontainers is an optional dependency: without it, nothing starts and callers skip or fail.
 */
final class Containers {

  private Containers() {}

  static Optional<String> postgres() {
    if (!available()) {
      return Optional.empty();
    }
    try {
      return Optional.of(TestcontainersStarter.postgres());
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  static Optional<String> redis() {
    if (!available()) {
      return Optional.empty();
    }
    try {
      return Optional.of(TestcontainersStarter.redis());
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  static Optional<String> rabbitMq() {
    if (!available()) {
      return Optional.empty();
    }
    try {
      return Optional.of(TestcontainersStarter.rabbitMq());
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  private static boolean available() {
    try {
      Class.forName("org.testcontainers.DockerClientFactory", false, Containers.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return false;
    }
    try {
      return TestcontainersStarter.dockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
