package io.github.corebanking.ledger.postgres.loan;

import io.github.corebanking.ledger.internal.SetOnce;
import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.loan.AgingSource;
import io.github.corebanking.ledger.loan.AllocationOrder;
import io.github.corebanking.ledger.loan.DuplicateLoanException;
import io.github.corebanking.ledger.loan.Installment;
import io.github.corebanking.ledger.loan.InstallmentAllocation;
import io.github.corebanking.ledger.loan.InstallmentBalance;
import io.github.corebanking.ledger.loan.InterestAccrual;
import io.github.corebanking.ledger.loan.Loan;
import io.github.corebanking.ledger.loan.LoanId;
import io.github.corebanking.ledger.loan.LoanNotFoundException;
import io.github.corebanking.ledger.loan.LoanRepayment;
import io.github.corebanking.ledger.loan.LoanStatus;
import io.github.corebanking.ledger.loan.RepaymentSchedule;
import io.github.corebanking.ledger.loan.spi.AgingRows;
import io.github.corebanking.ledger.loan.spi.LoanPlanner;
import io.github.corebanking.ledger.loan.spi.LoanStore;
import io.github.corebanking.ledger.loan.spi.RepaymentReceipt;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.internal.PostgresJdbi;
import io.github.corebanking.ledger.postgres.internal.SqlStates;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LoanStore} on PostgreSQL, in the ledger's schema: tables {@code loans},
 * {@code loan_installments}, {@code loan_transactions} and {@code loan_allocations}, and the
 * {@code loan_aging} materialized view, all created by {@code PostgresLedgerSchema.migrate} (module
 * {@value PostgresLoanSchema#MODULE}).
 *
 * <pre>{@code
 * PostgresLoanStore store = PostgresLoanStore.builder(dataSource)
 *     .schema("ledger")
 *     .readDataSource(replica)            // optional: aging reads go to a replica
 *     .lockTimeout(Duration.ofSeconds(5))
 *     .build();
 * }</pre>
 *
 * <p>Every change locks the loan's row ({@code SELECT ... FOR UPDATE}), reads the loan, applies
 * the {@link LoanPlanner} transition and writes the result in the same transaction; concurrent
 * changes to one loan run one after the other, changes to different loans in parallel.
 *
 * <h2>Aging</h2>
 * The database function {@code loan_aging_as_of(day)} is the one definition of aging. The
 * materialized view {@code loan_aging} holds its result for the day recorded in
 * {@code loan_aging_refresh}, set by {@link RefreshLoanAgingJob}. An aging query for exactly that
 * day, when snapshots are allowed, reads the view: one indexed scan, as fresh as the last refresh
 * (the rows say {@link AgingSource#SNAPSHOT} and the refresh instant). A query for any other day
 * (yesterday, a month end, or today before the first refresh of the day) runs the function live
 * over the tables ({@link AgingSource#LIVE}): exact, and it reads every loan and every unpaid
 * installment, plus the allocations value-dated after that day.
 */
public final class PostgresLoanStore implements LoanStore {

  /** The schema used when none is given, as for the ledger store. */
  public static final String DEFAULT_SCHEMA = "ledger";

  private final String schema;
  private final Jdbi jdbi;
  private final Jdbi readJdbi;
  private final String lockTimeout;
  private final String statementTimeout;

  private PostgresLoanStore(Builder b) {
    this.schema = b.schema;
    this.jdbi = PostgresJdbi.create(b.dataSource, schema);
    this.readJdbi = b.readDataSource == null ? jdbi : PostgresJdbi.create(b.readDataSource, schema);
    this.lockTimeout = b.lockTimeout.toMillis() + "ms";
    this.statementTimeout = b.statementTimeout.toMillis() + "ms";
  }

  /**
   * A builder over the ledger's {@code DataSource}.
   *
   * @param dataSource the database, shared with the ledger store or not
   * @return the builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** @return the schema this store works in */
  public String schema() {
    return schema;
  }

  // ---- writes ----

  @Override
  public void insertLoan(Loan loan) {
    Checks.notNull(loan, "loan");
    write("register loan " + loan.id(), sql -> {
      sql.insertLoan(loan.id().value(), loan.borrowerReference(), loan.receivableAccount().value(),
          loan.currency().code(), (short) loan.currency().scale(), loan.principal().minorUnits(),
          loan.disbursementDate(), loan.allocationOrder().name(), loan.status().name(), utc(loan.registeredAt()),
          loan.version());
      List<LoanSql.InstallmentRow> rows = new ArrayList<>();
      for (Installment i : loan.schedule().installments()) {
        rows.add(new LoanSql.InstallmentRow(i.number(), i.dueDate(), i.principalDue().minorUnits(),
            i.interestDue().minorUnits()));
      }
      sql.insertInstallments(loan.id().value(), rows);
      return null;
    }, loan);
  }

  @Override
  public Loan recordDisbursement(LoanId id, TransactionId transaction) {
    Checks.notNull(transaction, "transactionId");
    return change(id, "record the disbursement of loan " + id, loan -> LoanPlanner.disburse(loan, transaction));
  }

  @Override
  public Loan recordAccrual(LoanId id, InterestAccrual accrual) {
    Checks.notNull(accrual, "accrual");
    return change(id, "record accrual " + accrual.reference() + " on loan " + id,
        loan -> LoanPlanner.accrue(loan, accrual), (sql, before, after) -> insertTransaction(sql, id, "ACCRUAL", accrual.reference(), accrual.transactionId(),
        accrual.valueDate(), accrual.amount(), accrual.recordedAt()));
  }

  @Override
  public LoanPlanner.Repaid recordRepayment(LoanId id, RepaymentReceipt receipt) {
    Checks.notNull(id, "loanId");
    Checks.notNull(receipt, "repayment");
    return write("record repayment " + receipt.reference() + " on loan " + id, sql -> {
      Loan before = lock(sql, id);
      LoanPlanner.Repaid repaid = LoanPlanner.repay(before, receipt);
      if (repaid.replayed()) {
        return repaid;
      }
      LoanRepayment r = repaid.repayment();
      insertTransaction(sql, id, "REPAYMENT", r.reference(), r.transactionId(), r.valueDate(), r.amount(), r.recordedAt());
      List<LoanSql.AllocationRow> allocations = new ArrayList<>();
      List<LoanSql.PaidRow> paid = new ArrayList<>();
      List<InstallmentBalance> balances = repaid.loan().installments();
      for (InstallmentAllocation a : r.allocations()) {
        allocations.add(new LoanSql.AllocationRow(r.transactionId().value(), a.installmentNumber(),
            a.principal().minorUnits(), a.interest().minorUnits()));
        InstallmentBalance b = balances.get(a.installmentNumber() - 1);
        paid.add(new LoanSql.PaidRow(a.installmentNumber(), b.principalPaid().minorUnits(),
            b.interestPaid().minorUnits()));
      }
      sql.insertAllocations(id.value(), r.valueDate(), allocations);
      sql.updateInstallmentsPaid(id.value(), paid);
      updateLoan(sql, before, repaid.loan());
      return repaid;
    }, null);
  }

  @Override
  public Loan closeLoan(LoanId id, LocalDate closedOn) {
    Checks.notNull(closedOn, "closedOn");
    return change(id, "close loan " + id, loan -> LoanPlanner.close(loan, closedOn));
  }

  /** Extra writes a change makes beside the loan row, in its transaction. */
  @FunctionalInterface
  private interface ChangeWrites {
    void write(LoanSql sql, Loan before, Loan after);
  }

  private Loan change(LoanId id, String operation, UnaryOperator<Loan> transition) {
    return change(id, operation, transition, (sql, before, after) -> { });
  }

  private Loan change(LoanId id, String operation, UnaryOperator<Loan> transition, ChangeWrites writes) {
    Checks.notNull(id, "loanId");
    return write(operation, sql -> {
      Loan before = lock(sql, id);
      Loan after = transition.apply(before);
      if (after.version() == before.version()) {
        return before;
      }
      writes.write(sql, before, after);
      updateLoan(sql, before, after);
      return after;
    }, null);
  }

  private static void insertTransaction(LoanSql sql, LoanId id, String kind, String reference,
      TransactionId transactionId, LocalDate valueDate, Money amount, Instant recordedAt) {
    sql.insertTransaction(id.value(), kind, reference, transactionId.value(), valueDate, amount.minorUnits(),
        utc(recordedAt));
  }

  private static void updateLoan(LoanSql sql, Loan before, Loan after) {
    int updated = sql.updateLoan(after.id().value(), after.status().name(),
        after.disbursementTransaction() == null ? null : after.disbursementTransaction().value(), after.closedOn(),
        after.principal().minus(after.outstandingPrincipal()).minorUnits(), after.version(), before.version());
    if (updated != 1) {
      // The row is locked FOR UPDATE, so this means the table was changed outside the store.
      throw new StoreUnavailableException("loanId", after.id(), "changed under its lock (version " + before.version()
          + " expected); nothing was written");
    }
  }

  // ---- reads ----

  @Override
  public Optional<Loan> findLoan(LoanId id) {
    Checks.notNull(id, "loanId");
    return read(jdbi, "read loan " + id, sql -> load(sql, id, false));
  }

  @Override
  public AgingRows agingRows(LocalDate asOf, boolean snapshotAllowed, Instant now) {
    Checks.notNull(asOf, "asOf");
    Checks.notNull(now, "now");
    return read(readJdbi, "read the loan aging report for " + asOf, sql -> {
      if (snapshotAllowed) {
        Optional<LoanSql.RefreshState> state = sql.agingRefreshState();
        if (state.isPresent() && state.get().refreshedAt() != null
            && state.get().asOf().filter(asOf::equals).isPresent()) {
          return new AgingRows(asOf, AgingSource.SNAPSHOT, state.get().refreshedAt().toInstant(), sql.agingSnapshot());
        }
      }
      return new AgingRows(asOf, AgingSource.LIVE, now, sql.agingLive(asOf));
    });
  }

  private static Loan lock(LoanSql sql, LoanId id) {
    return load(sql, id, true).orElseThrow(() -> new LoanNotFoundException("loanId", id, "does not exist"));
  }

  private static Optional<Loan> load(LoanSql sql, LoanId id, boolean forUpdate) {
    Optional<LoanSql.LoanRow> row = forUpdate ? sql.lockLoan(id.value()) : sql.selectLoan(id.value());
    if (row.isEmpty()) {
      return Optional.empty();
    }
    LoanSql.LoanRow l = row.get();
    CurrencyUnit currency = l.currency();
    List<Installment> installments = new ArrayList<>();
    for (LoanSql.InstallmentRow i : sql.installments(id.value())) {
      installments.add(new Installment(i.number(), i.dueDate(), Money.ofMinor(i.principalDue(), currency),
          Money.ofMinor(i.interestDue(), currency)));
    }
    Map<TransactionId, List<InstallmentAllocation>> allocations = new HashMap<>();
    for (LoanSql.AllocationRow a : sql.allocations(id.value())) {
      allocations.computeIfAbsent(new TransactionId(a.transactionId()), k -> new ArrayList<>())
          .add(new InstallmentAllocation(a.installmentNumber(), Money.ofMinor(a.principal(), currency),
              Money.ofMinor(a.interest(), currency)));
    }
    List<InterestAccrual> accruals = new ArrayList<>();
    List<LoanRepayment> repayments = new ArrayList<>();
    for (LoanSql.TransactionRow t : sql.transactions(id.value())) {
      Money amount = Money.ofMinor(t.amount(), currency);
      TransactionId transactionId = new TransactionId(t.transactionId());
      if (t.kind().equals("ACCRUAL")) {
        accruals.add(new InterestAccrual(t.reference(), transactionId, t.valueDate(), amount, t.recordedAt()));
      } else {
        repayments.add(new LoanRepayment(t.reference(), transactionId, t.valueDate(), amount,
            allocations.getOrDefault(transactionId, List.of()), t.recordedAt()));
      }
    }
    return Optional.of(new Loan(LoanId.of(l.loanId()), l.borrowerReference(), new AccountId(l.receivableAccountId()),
        Money.ofMinor(l.principal(), currency), l.disbursementDate(), new RepaymentSchedule(installments),
        AllocationOrder.valueOf(l.allocationOrder()), LoanStatus.valueOf(l.status()),
        l.disbursementTransactionId() == null ? null : new TransactionId(l.disbursementTransactionId()), accruals,
        repayments, l.closedOn(), l.registeredAt(), l.version()));
  }

  // ---- transactions and errors ----

  private <T> T write(String operation, Function<LoanSql, T> work, @Nullable Loan inserting) {
    try {
      return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> {
        LoanSql sql = h.attach(LoanSql.class);
        sql.timeouts(lockTimeout, statementTimeout);
        return work.apply(sql);
      });
    } catch (JdbiException e) {
      throw translate(e, operation, inserting);
    }
  }

  private <T> T read(Jdbi on, String operation, Function<LoanSql, T> work) {
    try {
      return on.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
        LoanSql sql = h.attach(LoanSql.class);
        sql.timeouts(lockTimeout, statementTimeout);
        return work.apply(sql);
      });
    } catch (JdbiException e) {
      throw translate(e, operation, null);
    }
  }

  private LedgerException translate(JdbiException e, String operation, @Nullable Loan inserting) {
    SQLException cause = SqlStates.sqlException(e);
    if (cause == null) {
      return SqlStates.translate(e, operation);
    }
    if (inserting != null && SqlStates.UNIQUE_VIOLATION.equals(SqlStates.state(cause))) {
      String constraint = SqlStates.constraint(cause);
      if ("loans_receivable_account_key".equals(constraint)) {
        return new DuplicateLoanException("receivableAccount", inserting.receivableAccount(),
            "already belongs to another loan", cause);
      }
      return new DuplicateLoanException("loanId", inserting.id(), "is already registered", cause);
    }
    if (inserting != null && "23503".equals(SqlStates.state(cause))) {
      return new io.github.corebanking.ledger.AccountNotFoundException("receivableAccount",
          inserting.receivableAccount(), "does not exist in the ledger of schema " + schema, cause);
    }
    return SqlStates.translate(cause, operation);
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  @Override
  public String toString() {
    return "PostgresLoanStore[schema=" + schema + "]";
  }

  /** Builds a {@link PostgresLoanStore}; {@link #build()} checks that the loan tables are there. */
  public static final class Builder {
    private final DataSource dataSource;
    private String schema = DEFAULT_SCHEMA;
    private @Nullable DataSource readDataSource;
    private Duration lockTimeout = Duration.ofSeconds(5);
    private Duration statementTimeout = Duration.ofSeconds(60);
    private final SetOnce once = new SetOnce("PostgresLoanStore");

    private Builder(DataSource dataSource) {
      this.dataSource = Checks.notNull(dataSource, "dataSource");
    }

    /**
     * @param schema the ledger's schema, {@code ^[a-z_][a-z0-9_]{0,62}$}. Default {@code ledger}.
     * @return this builder
     */
    public Builder schema(String schema) {
      this.schema = PostgresLedgerSchema.validateSchemaName(once.set("schema", schema));
      return this;
    }

    /**
     * @param replica where aging reports are read (a read replica); loans and writes always use
     *                the primary
     * @return this builder
     */
    public Builder readDataSource(DataSource replica) {
      this.readDataSource = once.set("readDataSource", replica);
      return this;
    }

    /**
     * @param timeout how long a change waits for a loan's lock, 1 ms to 10 minutes. Default 5 s.
     * @return this builder
     */
    public Builder lockTimeout(Duration timeout) {
      this.lockTimeout = once.set("lockTimeout", duration(timeout, "lockTimeout"));
      return this;
    }

    /**
     * @param timeout the longest any one statement may run, 1 ms to 10 minutes. Default 60 s.
     * @return this builder
     */
    public Builder statementTimeout(Duration timeout) {
      this.statementTimeout = once.set("statementTimeout", duration(timeout, "statementTimeout"));
      return this;
    }

    private static Duration duration(@Nullable Duration value, String field) {
      Checks.notNull(value, field);
      if (value.toMillis() < 1 || value.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new InvalidRequestException(field, value, "must be between 1 ms and 10 minutes");
      }
      return value;
    }

    /**
     * @return the store
     * @throws InvalidRequestException   naming {@code schema} when its loan tables are missing or
     *                                   older than this library
     * @throws StoreUnavailableException when the database cannot be reached
     * @throws IllegalStateException     when this builder already built a store
     */
    public PostgresLoanStore build() {
      once.build();
      int version = PostgresLoanSchema.currentVersion(dataSource, schema);
      if (version != PostgresLoanSchema.latestVersion()) {
        throw new InvalidRequestException("schema", schema, "has loan schema version " + version + ", not "
            + PostgresLoanSchema.latestVersion() + ": apply PostgresLedgerSchema.migrate(dataSource, \"" + schema + "\")");
      }
      return new PostgresLoanStore(this);
    }
  }
}
