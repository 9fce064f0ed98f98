package io.github.corebanking.ledger.postgres.loan;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
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
import io.github.corebanking.ledger.loan.spi.LoanAgingRow;
import io.github.corebanking.ledger.loan.spi.LoanPlanner;
import io.github.corebanking.ledger.loan.spi.LoanStore;
import io.github.corebanking.ledger.loan.spi.RepaymentReceipt;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.internal.SqlStates;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
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
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LoanStore} on PostgreSQL, in the ledger's schema: tables {@code loans},
 * {@code loan_installments}, {@code loan_transactions} and {@code loan_allocations}, and the
 * {@code loan_aging} materialized view, all created by {@link PostgresLoanSchema#migrate}.
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

  private static final int BATCH = 500;

  private final String schema;
  private final Jdbi jdbi;
  private final Jdbi readJdbi;
  private final LoanSql sql;
  private final String lockTimeout;
  private final String statementTimeout;

  private PostgresLoanStore(Builder b) {
    this.schema = b.schema;
    this.jdbi = jdbi(b.dataSource);
    this.readJdbi = b.readDataSource == null ? jdbi : jdbi(b.readDataSource);
    this.sql = new LoanSql(PostgresLedgerSchema.quotedSchema(schema));
    this.lockTimeout = b.lockTimeout.toMillis() + "ms";
    this.statementTimeout = b.statementTimeout.toMillis() + "ms";
  }

  private static Jdbi jdbi(DataSource dataSource) {
    Jdbi jdbi = Jdbi.create(dataSource);
    // Statements come from our own resources with {schema} already replaced; no templating.
    jdbi.setTemplateEngine(TemplateEngine.NOP);
    return jdbi;
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
    LoanChecks.notNull(loan, "loan");
    write("register loan " + loan.id(), h -> {
      h.createUpdate(sql.get("loan_insert"))
          .bind("loanId", loan.id().value())
          .bind("borrowerReference", loan.borrowerReference())
          .bind("receivableAccountId", loan.receivableAccount().value())
          .bind("currency", loan.currency().code())
          .bind("currencyScale", (short) loan.currency().scale())
          .bind("principal", loan.principal().minorUnits())
          .bind("disbursementDate", loan.disbursementDate())
          .bind("allocationOrder", loan.allocationOrder().name())
          .bind("status", loan.status().name())
          .bindBySqlType("registeredAt", utc(loan.registeredAt()), Types.TIMESTAMP_WITH_TIMEZONE)
          .bind("version", loan.version())
          .execute();
      PreparedBatch batch = h.prepareBatch(sql.get("installment_insert"));
      for (Installment i : loan.schedule().installments()) {
        batch.bind("loanId", loan.id().value())
            .bind("number", i.number())
            .bind("dueDate", i.dueDate())
            .bind("principalDue", i.principalDue().minorUnits())
            .bind("interestDue", i.interestDue().minorUnits())
            .add();
        if (batch.size() >= BATCH) {
          batch.execute();
          batch = h.prepareBatch(sql.get("installment_insert"));
        }
      }
      if (batch.size() > 0) {
        batch.execute();
      }
      return null;
    }, loan);
  }

  @Override
  public Loan recordDisbursement(LoanId id, TransactionId transaction) {
    LoanChecks.notNull(transaction, "transactionId");
    return change(id, "record the disbursement of loan " + id, loan -> LoanPlanner.disburse(loan, transaction));
  }

  @Override
  public Loan recordAccrual(LoanId id, InterestAccrual accrual) {
    LoanChecks.notNull(accrual, "accrual");
    return change(id, "record accrual " + accrual.reference() + " on loan " + id,
        loan -> LoanPlanner.accrue(loan, accrual), (h, before, after) -> insertTransaction(h, id, "ACCRUAL", accrual.reference(), accrual.transactionId(),
        accrual.valueDate(), accrual.amount(), accrual.recordedAt()));
  }

  @Override
  public LoanPlanner.Repaid recordRepayment(LoanId id, RepaymentReceipt receipt) {
    LoanChecks.notNull(id, "loanId");
    LoanChecks.notNull(receipt, "repayment");
    return write("record repayment " + receipt.reference() + " on loan " + id, h -> {
      Loan before = lock(h, id);
      LoanPlanner.Repaid repaid = LoanPlanner.repay(before, receipt);
      if (repaid.replayed()) {
        return repaid;
      }
      LoanRepayment r = repaid.repayment();
      insertTransaction(h, id, "REPAYMENT", r.reference(), r.transactionId(), r.valueDate(), r.amount(), r.recordedAt());
      PreparedBatch allocations = h.prepareBatch(sql.get("allocation_insert"));
      PreparedBatch installments = h.prepareBatch(sql.get("installment_update_paid"));
      List<InstallmentBalance> balances = repaid.loan().installments();
      for (InstallmentAllocation a : r.allocations()) {
        allocations.bind("transactionId", r.transactionId().value())
            .bind("installmentNumber", a.installmentNumber())
            .bind("loanId", id.value())
            .bind("valueDate", r.valueDate())
            .bind("principal", a.principal().minorUnits())
            .bind("interest", a.interest().minorUnits())
            .add();
        InstallmentBalance b = balances.get(a.installmentNumber() - 1);
        installments.bind("principalPaid", b.principalPaid().minorUnits())
            .bind("interestPaid", b.interestPaid().minorUnits())
            .bind("loanId", id.value())
            .bind("number", a.installmentNumber())
            .add();
      }
      allocations.execute();
      installments.execute();
      updateLoan(h, before, repaid.loan());
      return repaid;
    }, null);
  }

  @Override
  public Loan closeLoan(LoanId id, LocalDate closedOn) {
    LoanChecks.notNull(closedOn, "closedOn");
    return change(id, "close loan " + id, loan -> LoanPlanner.close(loan, closedOn));
  }

  /** Extra writes a change makes beside the loan row, in its transaction. */
  @FunctionalInterface
  private interface ChangeWrites {
    void write(Handle h, Loan before, Loan after);
  }

  private Loan change(LoanId id, String operation, UnaryOperator<Loan> transition) {
    return change(id, operation, transition, (h, before, after) -> { });
  }

  private Loan change(LoanId id, String operation, UnaryOperator<Loan> transition, ChangeWrites writes) {
    LoanChecks.notNull(id, "loanId");
    return write(operation, h -> {
      Loan before = lock(h, id);
      Loan after = transition.apply(before);
      if (after.version() == before.version()) {
        return before;
      }
      writes.write(h, before, after);
      updateLoan(h, before, after);
      return after;
    }, null);
  }

  private void insertTransaction(Handle h, LoanId id, String kind, String reference, TransactionId transactionId,
      LocalDate valueDate, Money amount, Instant recordedAt) {
    h.createUpdate(sql.get("transaction_insert"))
        .bind("loanId", id.value())
        .bind("kind", kind)
        .bind("reference", reference)
        .bind("transactionId", transactionId.value())
        .bind("valueDate", valueDate)
        .bind("amount", amount.minorUnits())
        .bindBySqlType("recordedAt", utc(recordedAt), Types.TIMESTAMP_WITH_TIMEZONE)
        .execute();
  }

  private void updateLoan(Handle h, Loan before, Loan after) {
    int updated = h.createUpdate(sql.get("loan_update"))
        .bind("status", after.status().name())
        .bindBySqlType("disbursementTransactionId",
            after.disbursementTransaction() == null ? null : after.disbursementTransaction().value(), Types.OTHER)
        .bindBySqlType("closedOn", after.closedOn(), Types.DATE)
        .bind("principalPaid", after.principal().minus(after.outstandingPrincipal()).minorUnits())
        .bind("version", after.version())
        .bind("loanId", after.id().value())
        .bind("expectedVersion", before.version())
        .execute();
    if (updated != 1) {
      // The row is locked FOR UPDATE, so this means the table was changed outside the store.
      throw new StoreUnavailableException("loanId", after.id(), "changed under its lock (version " + before.version()
          + " expected); nothing was written");
    }
  }

  // ---- reads ----

  @Override
  public Optional<Loan> findLoan(LoanId id) {
    LoanChecks.notNull(id, "loanId");
    return read(jdbi, "read loan " + id, h -> load(h, id, false));
  }

  @Override
  public AgingRows agingRows(LocalDate asOf, boolean snapshotAllowed, Instant now) {
    LoanChecks.notNull(asOf, "asOf");
    LoanChecks.notNull(now, "now");
    return read(readJdbi, "read the loan aging report for " + asOf, h -> {
      if (snapshotAllowed) {
        Optional<AgingRows> snapshot = h.createQuery(sql.get("aging_refresh_state"))
            .map((rs, ctx) -> {
              OffsetDateTime refreshed = rs.getObject(2, OffsetDateTime.class);
              boolean sameDay = !isInfinite(rs, 1) && refreshed != null && rs.getObject(1, LocalDate.class).equals(asOf);
              return sameDay ? refreshed.toInstant() : null;
            })
            .findOne()
            .map(refreshedAt -> new AgingRows(asOf, AgingSource.SNAPSHOT, refreshedAt,
                h.createQuery(sql.get("aging_snapshot")).map((rs, ctx) -> agingRow(rs)).list()));
        if (snapshot.isPresent()) {
          return snapshot.get();
        }
      }
      return new AgingRows(asOf, AgingSource.LIVE, now,
          h.createQuery(sql.get("aging_live")).bind("asOf", asOf).map((rs, ctx) -> agingRow(rs)).list());
    });
  }

  private static boolean isInfinite(ResultSet rs, int column) throws SQLException {
    // -infinity marks a view that was never refreshed; the driver cannot map it to a LocalDate.
    String text = rs.getString(column);
    return text == null || text.endsWith("infinity");
  }

  private static LoanAgingRow agingRow(ResultSet rs) throws SQLException {
    CurrencyUnit currency = CurrencyUnit.of(rs.getString(3), rs.getShort(4));
    return new LoanAgingRow(LoanId.of(rs.getString(1)), rs.getString(2), Money.ofMinor(rs.getLong(5), currency),
        Money.ofMinor(rs.getLong(6), currency), rs.getInt(7), rs.getObject(8, LocalDate.class));
  }

  private Loan lock(Handle h, LoanId id) {
    return load(h, id, true).orElseThrow(() -> new LoanNotFoundException("loanId", id, "does not exist"));
  }

  /** A loan's row as read, before its schedule and history are attached. */
  private record LoanRow(LoanId id, String borrowerReference, AccountId receivableAccount, Money principal,
      LocalDate disbursementDate, AllocationOrder allocationOrder, LoanStatus status,
      @Nullable TransactionId disbursementTransaction, @Nullable LocalDate closedOn, Instant registeredAt,
      long version) {}

  /** A booked accrual or repayment as read. */
  private record TransactionRow(String kind, String reference, TransactionId transactionId, LocalDate valueDate,
      long amount, Instant recordedAt) {}

  private Optional<Loan> load(Handle h, LoanId id, boolean forUpdate) {
    Optional<LoanRow> row = h.createQuery(sql.get(forUpdate ? "loan_lock" : "loan_select"))
        .bind("loanId", id.value())
        .map((rs, ctx) -> {
          CurrencyUnit currency = CurrencyUnit.of(rs.getString("currency"), rs.getShort("currency_scale"));
          UUID disbursement = rs.getObject("disbursement_transaction_id", UUID.class);
          return new LoanRow(LoanId.of(rs.getString("loan_id")), rs.getString("borrower_reference"),
              new AccountId(rs.getObject("receivable_account_id", UUID.class)),
              Money.ofMinor(rs.getLong("principal"), currency), rs.getObject("disbursement_date", LocalDate.class),
              AllocationOrder.valueOf(rs.getString("allocation_order")), LoanStatus.valueOf(rs.getString("status")),
              disbursement == null ? null : new TransactionId(disbursement), rs.getObject("closed_on", LocalDate.class),
              rs.getObject("registered_at", OffsetDateTime.class).toInstant(), rs.getLong("version"));
        })
        .findOne();
    if (row.isEmpty()) {
      return Optional.empty();
    }
    LoanRow l = row.get();
    CurrencyUnit currency = l.principal().currency();
    List<Installment> installments = h.createQuery(sql.get("installments_select"))
        .bind("loanId", id.value())
        .map((rs, ctx) -> new Installment(rs.getInt(1), rs.getObject(2, LocalDate.class),
            Money.ofMinor(rs.getLong(3), currency), Money.ofMinor(rs.getLong(4), currency)))
        .list();
    List<TransactionRow> transactions = h.createQuery(sql.get("transactions_select"))
        .bind("loanId", id.value())
        .map((rs, ctx) -> new TransactionRow(rs.getString(1), rs.getString(2),
            new TransactionId(rs.getObject(3, UUID.class)), rs.getObject(4, LocalDate.class), rs.getLong(5),
            rs.getObject(6, OffsetDateTime.class).toInstant()))
        .list();
    Map<TransactionId, List<InstallmentAllocation>> allocations = new HashMap<>();
    h.createQuery(sql.get("allocations_select"))
        .bind("loanId", id.value())
        .map((rs, ctx) -> Map.entry(new TransactionId(rs.getObject(1, UUID.class)),
            new InstallmentAllocation(rs.getInt(2), Money.ofMinor(rs.getLong(3), currency),
                Money.ofMinor(rs.getLong(4), currency))))
        .forEach(e -> allocations.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    List<InterestAccrual> accruals = new ArrayList<>();
    List<LoanRepayment> repayments = new ArrayList<>();
    for (TransactionRow t : transactions) {
      Money amount = Money.ofMinor(t.amount(), currency);
      if (t.kind().equals("ACCRUAL")) {
        accruals.add(new InterestAccrual(t.reference(), t.transactionId(), t.valueDate(), amount, t.recordedAt()));
      } else {
        repayments.add(new LoanRepayment(t.reference(), t.transactionId(), t.valueDate(), amount,
            allocations.getOrDefault(t.transactionId(), List.of()), t.recordedAt()));
      }
    }
    return Optional.of(new Loan(l.id(), l.borrowerReference(), l.receivableAccount(), l.principal(),
        l.disbursementDate(), new RepaymentSchedule(installments), l.allocationOrder(), l.status(),
        l.disbursementTransaction(), accruals, repayments, l.closedOn(), l.registeredAt(), l.version()));
  }

  // ---- transactions and errors ----

  private <T> T write(String operation, HandleCallback<T, RuntimeException> work, @Nullable Loan inserting) {
    try {
      return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> {
        h.createQuery(sql.get("set_lock_timeout")).bind(0, lockTimeout).bind(1, statementTimeout)
            .mapToMap().one();
        return work.withHandle(h);
      });
    } catch (JdbiException e) {
      throw translate(e, operation, inserting);
    }
  }

  private <T> T read(Jdbi on, String operation, HandleCallback<T, RuntimeException> work) {
    try {
      return on.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
        h.createQuery(sql.get("set_lock_timeout")).bind(0, lockTimeout).bind(1, statementTimeout)
            .mapToMap().one();
        return work.withHandle(h);
      });
    } catch (JdbiException e) {
      throw translate(e, operation, null);
    }
  }

  private LedgerException translate(JdbiException e, String operation, @Nullable Loan inserting) {
    SQLException cause = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        cause = s;
        break;
      }
    }
    if (cause == null) {
      return new StoreUnavailableException(null, null, operation + " failed: " + e.getMessage(), e);
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

    private Builder(DataSource dataSource) {
      this.dataSource = LoanChecks.notNull(dataSource, "dataSource");
    }

    /**
     * @param schema the ledger's schema, {@code ^[a-z_][a-z0-9_]{0,62}$}. Default {@code ledger}.
     * @return this builder
     */
    public Builder schema(String schema) {
      this.schema = PostgresLedgerSchema.validateSchemaName(schema);
      return this;
    }

    /**
     * @param replica where aging reports are read (a read replica); loans and writes always use
     *                the primary
     * @return this builder
     */
    public Builder readDataSource(DataSource replica) {
      this.readDataSource = LoanChecks.notNull(replica, "readDataSource");
      return this;
    }

    /**
     * @param timeout how long a change waits for a loan's lock, 1 ms to 10 minutes. Default 5 s.
     * @return this builder
     */
    public Builder lockTimeout(Duration timeout) {
      this.lockTimeout = duration(timeout, "lockTimeout");
      return this;
    }

    /**
     * @param timeout the longest any one statement may run, 1 ms to 10 minutes. Default 60 s.
     * @return this builder
     */
    public Builder statementTimeout(Duration timeout) {
      this.statementTimeout = duration(timeout, "statementTimeout");
      return this;
    }

    private static Duration duration(@Nullable Duration value, String field) {
      LoanChecks.notNull(value, field);
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
     */
    public PostgresLoanStore build() {
      int version = PostgresLoanSchema.currentVersion(dataSource, schema);
      if (version != PostgresLoanSchema.latestVersion()) {
        throw new InvalidRequestException("schema", schema, "has loan schema version " + version + ", not "
            + PostgresLoanSchema.latestVersion() + ": apply PostgresLoanSchema.migrate(dataSource, \"" + schema + "\")");
      }
      return new PostgresLoanStore(this);
    }
  }
}
