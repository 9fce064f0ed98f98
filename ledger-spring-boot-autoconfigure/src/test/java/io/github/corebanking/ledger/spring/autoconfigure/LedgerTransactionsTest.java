package io.github.corebanking.ledger.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.spi.LedgerListener;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Posting in a Spring transaction ({@link LedgerTransactions}): the posting commits with the
 * transaction's other writes, rolls back with them, reaches listeners only after the commit, and is
 * refused outside a transaction.
 */
class LedgerTransactionsTest {

  private final String schema = TestServices.freshSchemaName("boot_tx");
  private final List<Transaction> heard = new CopyOnWriteArrayList<>();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
          DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
          JdbcTemplateAutoConfiguration.class, LedgerAutoConfiguration.class))
      .withPropertyValues("spring.datasource.url=" + TestServices.postgresJdbcUrl(),
          "spring.datasource.hikari.maximum-pool-size=6", "ledger.schema=" + schema)
      .withBean(LedgerListener.class, () -> new LedgerListener() {
        @Override
        public void onTransaction(Transaction transaction, List<Balance> balancesAfter) {
          heard.add(transaction);
        }
      });

  @AfterEach
  void dropSchema() {
    TestServices.dropSchema(TestServices.postgresJdbcUrl(), schema);
  }

  private static Account open(Ledger ledger, String code, AccountType type) {
    return ledger.openAccount(NewAccount.builder().code(code).name("Account " + code).type(type)
        .currency(CurrencyUnit.USD).build());
  }

  private static PostingRequest transfer(String key, Account debit, Account credit) {
    Money amount = Money.of("25.00", CurrencyUnit.USD);
    return PostingRequest.builder().idempotencyKey(key).description(key).debit(debit.id(), amount)
        .credit(credit.id(), amount).build();
  }

  @Test
  void aPostingCommitsAndRollsBackWithTheSpringTransaction() {
    runner.run(context -> {
      Ledger ledger = context.getBean(Ledger.class);
      LedgerTransactions transactions = context.getBean(LedgerTransactions.class);
      TransactionTemplate template = context.getBean(TransactionTemplate.class);
      JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
      Account cash = open(ledger, "1000", AccountType.ASSET);
      Account loans = open(ledger, "1200", AccountType.ASSET);
      jdbc.execute("CREATE TABLE " + schema + ".loans (id text PRIMARY KEY)");

      template.executeWithoutResult(status -> {
        jdbc.update("INSERT INTO " + schema + ".loans (id) VALUES ('loan-1')");
        transactions.current().post(transfer("disburse-1", loans, cash));
        transactions.current().post(transfer("fee-1", loans, cash));
        assertThat(ledger.transactionByKey("disburse-1")).as("not visible before the commit").isEmpty();
        assertThat(heard).isEmpty();
      });
      assertThat(ledger.transactionByKey("disburse-1")).isPresent();
      assertThat(heard).extracting(Transaction::idempotencyKey).containsExactly("disburse-1", "fee-1");

      template.executeWithoutResult(status -> {
        jdbc.update("INSERT INTO " + schema + ".loans (id) VALUES ('loan-2')");
        transactions.current().post(transfer("disburse-2", loans, cash));
        status.setRollbackOnly();
      });
      assertThat(ledger.transactionByKey("disburse-2")).isEmpty();
      assertThat(jdbc.queryForObject("SELECT count(*) FROM " + schema + ".loans", Long.class)).isEqualTo(1L);
      assertThat(heard).hasSize(2);
      assertThat(ledger.balance(loans.id()).postedDebits()).isEqualTo(5_000);

      Throwable outside = catchThrowable(() -> transactions.current());
      assertThat(outside).isInstanceOf(InvalidRequestException.class);
      assertThat(((LedgerException) outside).field()).isEqualTo("transaction");
    });
  }
}
