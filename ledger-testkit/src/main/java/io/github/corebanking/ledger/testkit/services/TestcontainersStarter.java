package io.github.corebanking.ledger.testkit.services;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/** The only class that touches Testcontainers types; loaded only when they are present. */
final class TestcontainersStarter {

  private TestcontainersStarter() {}

  static boolean dockerAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  @SuppressWarnings("resource") // lives until the JVM exits; Testcontainers' reaper removes it
  static String postgres() {
    GenericContainer<?> pg = new GenericContainer<>(DockerImageName.parse("postgres:16-alpine"))
        .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
        .withEnv("POSTGRES_DB", "test")
        .withExposedPorts(5432)
        .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\n", 2));
    pg.start();
    return "jdbc:postgresql://" + pg.getHost() + ":" + pg.getMappedPort(5432) + "/test?user=postgres";
  }

  @SuppressWarnings("resource")
  static String redis() {
    GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7-alpine"))
        .withExposedPorts(6379);
    redis.start();
    return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
  }

  @SuppressWarnings("resource")
  static String rabbitMq() {
    GenericContainer<?> rabbit = new GenericContainer<>(DockerImageName.parse("rabbitmq:4-alpine"))
        .withExposedPorts(5672)
        .waitingFor(Wait.forLogMessage(".*Server startup complete.*\\n", 1));
    rabbit.start();
    // The image's guest user may log in from outside the container: its config allows it.
    return "amqp://guest:guest@" + rabbit.getHost() + ":" + rabbit.getMappedPort(5672) + "/%2F";
  }
}
