package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.AccountStatus;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.DuplicateAccountException;
import io.github.corebanking.ledger.spi.PostingPlanner;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The PostgreSQL store's accounts: creating them, changing their status under the row lock, and
 * reading them and their current balances from the primary. Not supported for use outside the
 * library.
 */
public final class AccountRecords {

  private final Jdbi primary;
  private final Duration lockTimeout;
  private final Duration statementTimeout;

  /**
   * @param primary          a Jdbi over the primary, made by {@link PostgresJdbi#create}
   * @param lockTimeout      {@code lock_timeout} of each write
   * @param statementTimeout {@code statement_timeout} of each write
   */
  public AccountRecords(Jdbi primary, Duration lockTimeout, Duration statementTimeout) {
    this.primary = primary;
    this.lockTimeout = lockTimeout;
    this.statementTimeout = statementTimeout;
  }

  /**
   * Inserts an account.
   *
   * @param account the account, validated by the caller
   * @throws DuplicateAccountException naming {@code account.code} or {@code account.id} when taken
   */
  public void create(Account account) {
    try {
      StoreSql.write(primary, lockTimeout, statementTimeout, sql -> sql.insertAccount(account.id().value(),
          account.code(), account.name(), account.type().name(), account.currency().code(),
          account.currency().scale(), account.status().name(), account.debitsMustNotExceedCredits(),
          account.creditsMustNotExceedDebits(), Rows.json(account.metadata()), Rows.floorBound(account.createdAt())));
    } catch (JdbiException e) {
      SQLException cause = SqlStates.sqlException(e);
      if (cause != null && SqlStates.state(cause).equals(SqlStates.UNIQUE_VIOLATION)) {
        if ("accounts_code_key".equals(SqlStates.constraint(cause))) {
          throw new DuplicateAccountException("account.code", account.code(), "is already used by another account",
              cause);
        }
        throw new DuplicateAccountException("account.id", account.id(), "is already taken", cause);
      }
      throw SqlStates.translate(e, "creating account " + account.code());
    }
  }

  /**
   * Changes an account's status if the rules allow it, holding its row lock.
   *
   * @param id     the account
   * @param status the new status
   * @return the account as it is now
   * @throws AccountNotFoundException naming {@code accountId} when it does not exist
   */
  public Account changeStatus(AccountId id, AccountStatus status) {
    try {
      return StoreSql.write(primary, lockTimeout, statementTimeout, sql -> {
        StoreSql.AccountRow row = sql.lockAccount(id.value())
            .orElseThrow(() -> new AccountNotFoundException("accountId", id, "does not exist"));
        if (!PostingPlanner.checkStatusChange(row.account(), row.balance(), status)) {
          return row.account();
        }
        sql.updateAccountStatus(status.name(), id.value());
        return row.account().withStatus(status);
      });
    } catch (JdbiException e) {
      throw SqlStates.translate(e, "changing the status of account " + id);
    }
  }

  /**
   * @param id an account
   * @return it, when it exists
   */
  public Optional<Account> find(AccountId id) {
    return StoreSql.read(primary, "reading account " + id,
        sql -> sql.accountById(id.value()).map(StoreSql.AccountRow::account));
  }

  /**
   * @param code an account code
   * @return the account, when one has it
   */
  public Optional<Account> findByCode(String code) {
    return StoreSql.read(primary, "reading account " + code,
        sql -> sql.accountByCode(code).map(StoreSql.AccountRow::account));
  }

  /**
   * @param ids accounts, at least one
   * @return those that exist
   */
  public List<Account> find(Collection<UUID> ids) {
    return rows(ids).stream().map(StoreSql.AccountRow::account).toList();
  }

  /** @return every account, by code */
  public List<Account> list() {
    return StoreSql.read(primary, "listing accounts",
        sql -> sql.accountsAll().stream().map(StoreSql.AccountRow::account).toList());
  }

  /**
   * @param id an account
   * @return its current balance, when it exists
   */
  public Optional<Balance> balance(AccountId id) {
    return StoreSql.read(primary, "reading the balance of " + id,
        sql -> sql.accountById(id.value()).map(StoreSql.AccountRow::balance));
  }

  /**
   * @param ids accounts, at least one
   * @return the current balances of those that exist
   */
  public List<Balance> balances(Collection<UUID> ids) {
    return rows(ids).stream().map(StoreSql.AccountRow::balance).toList();
  }

  private List<StoreSql.AccountRow> rows(Collection<UUID> ids) {
    UUID[] array = ids.toArray(UUID[]::new);
    return StoreSql.read(primary, "reading " + array.length + " accounts", sql -> sql.accountsByIds(array));
  }
}
