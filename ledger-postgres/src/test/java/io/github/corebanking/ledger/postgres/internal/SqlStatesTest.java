package io.github.corebanking.ledger.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.ConcurrencyException;
import io.github.corebanking.ledger.InvalidAmountException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.LockTimeoutException;
import io.github.corebanking.ledger.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every SQLSTATE class the store can meet maps to the exception a caller can act on. */
class SqlStatesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "55P03, LockTimeoutException",
      "57014, LockTimeoutException",
      "40001, ConcurrencyException",
      "40P01, ConcurrencyException",
      "08006, StoreUnavailableException",
      "08001, StoreUnavailableException",
      "57P01, StoreUnavailableException",
      "53300, StoreUnavailableException",
      "25P03, StoreUnavailableException",
      "22003, InvalidAmountException",
      "22021, InvalidRequestException",
      "22008, InvalidRequestException",
      "42501, StorePermissionException",
      "28P01, StorePermissionException",
      "XX000, StoreUnavailableException"})
  void sqlStatesMapToTypedExceptions(String state, String expected) {
    Exception e = SqlStates.translate(new SQLException("boom", state), "posting");
    assertThat(e.getClass().getSimpleName()).isEqualTo(expected);
    assertThat(e.getMessage()).contains(state);
  }

  @Test
  void lockTimeoutsAreConcurrencyExceptionsThatSayNothingWasWritten() {
    Exception e = SqlStates.translate(new SQLException("canceling statement due to lock timeout", "55P03"), "posting");
    assertThat(e).isInstanceOf(LockTimeoutException.class).isInstanceOf(ConcurrencyException.class)
        .hasMessageContaining("nothing was written");
  }

  @Test
  void aPoolTimeoutIsAConnectionFailure() {
    SQLException e = new SQLTransientConnectionException("Connection is not available, request timed out");
    assertThat(SqlStates.isConnectionFailure(e)).isTrue();
    assertThat(SqlStates.translate(e, "posting")).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void onlySerializationFailuresAndDeadlocksAreRetried() {
    assertThat(SqlStates.isRetryable(new SQLException("x", "40001"))).isTrue();
    assertThat(SqlStates.isRetryable(new SQLException("x", "40P01"))).isTrue();
    assertThat(SqlStates.isRetryable(new SQLException("x", "55P03"))).isFalse();
    assertThat(SqlStates.isRetryable(new SQLException("x", "23505"))).isFalse();
  }

  @Test
  void aMissingPartitionIsRecognised() {
    assertThat(SqlStates.isMissingPartition(new SQLException(
        "ERROR: no partition of relation \"entries\" found for row", "23514"))).isTrue();
    assertThat(SqlStates.isMissingPartition(new SQLException("check constraint violated", "23514"))).isFalse();
  }

  @Test
  void theStateIsFoundInTheCauseChain() {
    RuntimeException wrapped = new RuntimeException(new SQLException("x", "40P01"));
    assertThat(SqlStates.state(wrapped)).isEqualTo("40P01");
    assertThat(SqlStates.translate(new SQLException("x", "22003"), "posting")).isInstanceOf(InvalidAmountException.class);
    assertThat(SqlStates.translate(new SQLException("x", "22P05"), "posting")).isInstanceOf(InvalidRequestException.class);
  }
}
