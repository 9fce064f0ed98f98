package io.github.corebanking.ledger.postgres.loan;

import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.loan.LoanId;
import io.github.corebanking.ledger.loan.spi.LoanAgingRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.BatchChunkSize;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/**
 * The loan book's statements, one {@code .sql} resource per method under
 * {@code io/github/corebanking/ledger/postgres/loan/LoanSql/}, written with {@code <schema>} and
 * {@code :name} parameters as every statement of the library is (see {@code PostgresJdbi}).
 */
@UseClasspathSqlLocator
@RegisterRowMapper(LoanSql.LoanRowMapper.class)
@RegisterRowMapper(LoanSql.InstallmentRowMapper.class)
@RegisterRowMapper(LoanSql.TransactionRowMapper.class)
@RegisterRowMapper(LoanSql.AllocationRowMapper.class)
@RegisterRowMapper(LoanSql.AgingRowMapper.class)
@RegisterRowMapper(LoanSql.RefreshStateMapper.class)
interface LoanSql {

  /** Rows per round trip of a batch. */
  int BATCH = 500;

  /** A loan's row as read, before its schedule and history are attached. */
  record LoanRow(String loanId, String borrowerReference, UUID receivableAccountId, CurrencyUnit currency,
      long principal, LocalDate disbursementDate, String allocationOrder, String status,
      @Nullable UUID disbursementTransactionId, @Nullable LocalDate closedOn, Instant registeredAt, long version) {}

  /** An installment as written and read; {@code number} starts at 1. */
  record InstallmentRow(int number, LocalDate dueDate, long principalDue, long interestDue) {}

  /** A booked accrual or repayment as read. */
  record TransactionRow(String kind, String reference, UUID transactionId, LocalDate valueDate, long amount,
      Instant recordedAt) {}

  /** One installment's share of a repayment. */
  record AllocationRow(UUID transactionId, int installmentNumber, long principal, long interest) {}

  /** What an installment has been paid in all, after a repayment. */
  record PaidRow(int number, long principalPaid, long interestPaid) {}

  /**
   * The day and instant of the view's last refresh; {@code asOf} is empty when it was never
   * refreshed (the table holds {@code -infinity}).
   */
  record RefreshState(Optional<LocalDate> asOf, @Nullable OffsetDateTime refreshedAt) {}

  /** Sets this transaction's lock and statement timeouts, such as {@code "5000ms"}. */
  @SqlQuery
  String timeouts(@Bind("lockTimeout") String lockTimeout, @Bind("statementTimeout") String statementTimeout);

  // ---- the store ----

  @SqlUpdate
  void insertLoan(@Bind("loanId") String loanId, @Bind("borrowerReference") String borrowerReference,
      @Bind("receivableAccountId") UUID receivableAccountId, @Bind("currency") String currency,
      @Bind("currencyScale") short currencyScale, @Bind("principal") long principal,
      @Bind("disbursementDate") LocalDate disbursementDate, @Bind("allocationOrder") String allocationOrder,
      @Bind("status") String status, @Bind("registeredAt") OffsetDateTime registeredAt, @Bind("version") long version);

  @SqlBatch
  @BatchChunkSize(BATCH)
  void insertInstallments(@Bind("loanId") String loanId, @BindMethods List<InstallmentRow> installments);

  @SqlQuery
  Optional<LoanRow> lockLoan(@Bind("loanId") String loanId);

  @SqlQuery
  Optional<LoanRow> selectLoan(@Bind("loanId") String loanId);

  /** @return rows updated: 1, or 0 when the version moved */
  @SqlUpdate
  int updateLoan(@Bind("loanId") String loanId, @Bind("status") String status,
      @Bind("disbursementTransactionId") @Nullable UUID disbursementTransactionId,
      @Bind("closedOn") @Nullable LocalDate closedOn, @Bind("principalPaid") long principalPaid,
      @Bind("version") long version, @Bind("expectedVersion") long expectedVersion);

  @SqlUpdate
  void insertTransaction(@Bind("loanId") String loanId, @Bind("kind") String kind, @Bind("reference") String reference,
      @Bind("transactionId") UUID transactionId, @Bind("valueDate") LocalDate valueDate, @Bind("amount") long amount,
      @Bind("recordedAt") OffsetDateTime recordedAt);

  @SqlBatch
  @BatchChunkSize(BATCH)
  void insertAllocations(@Bind("loanId") String loanId, @Bind("valueDate") LocalDate valueDate,
      @BindMethods List<AllocationRow> allocations);

  @SqlBatch
  @BatchChunkSize(BATCH)
  void updateInstallmentsPaid(@Bind("loanId") String loanId, @BindMethods List<PaidRow> paid);

  @SqlQuery
  List<InstallmentRow> installments(@Bind("loanId") String loanId);

  @SqlQuery
  List<TransactionRow> transactions(@Bind("loanId") String loanId);

  @SqlQuery
  List<AllocationRow> allocations(@Bind("loanId") String loanId);

  @SqlQuery
  Optional<RefreshState> agingRefreshState();

  @SqlQuery
  List<LoanAgingRow> agingSnapshot();

  @SqlQuery
  List<LoanAgingRow> agingLive(@Bind("asOf") LocalDate asOf);

  // ---- the aging refresh job ----

  @SqlUpdate
  void startAgingRefresh(@Bind("asOf") LocalDate asOf, @Bind("refreshedAt") OffsetDateTime refreshedAt);

  @SqlUpdate
  void refreshAgingView();

  @SqlQuery
  long finishAgingRefresh();

  // ---- arguments and mappers ----

  /** Maps {@link #lockLoan} and {@link #selectLoan}. */
  final class LoanRowMapper implements RowMapper<LoanRow> {
    @Override
    public LoanRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new LoanRow(rs.getString("loan_id"), rs.getString("borrower_reference"),
          rs.getObject("receivable_account_id", UUID.class),
          CurrencyUnit.of(rs.getString("currency"), rs.getShort("currency_scale")), rs.getLong("principal"),
          rs.getObject("disbursement_date", LocalDate.class), rs.getString("allocation_order"), rs.getString("status"),
          rs.getObject("disbursement_transaction_id", UUID.class), rs.getObject("closed_on", LocalDate.class),
          rs.getObject("registered_at", OffsetDateTime.class).toInstant(), rs.getLong("version"));
    }
  }

  /** Maps {@link #installments}. */
  final class InstallmentRowMapper implements RowMapper<InstallmentRow> {
    @Override
    public InstallmentRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new InstallmentRow(rs.getInt("number"), rs.getObject("due_date", LocalDate.class),
          rs.getLong("principal_due"), rs.getLong("interest_due"));
    }
  }

  /** Maps {@link #transactions}. */
  final class TransactionRowMapper implements RowMapper<TransactionRow> {
    @Override
    public TransactionRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new TransactionRow(rs.getString("kind"), rs.getString("reference"),
          rs.getObject("transaction_id", UUID.class), rs.getObject("value_date", LocalDate.class),
          rs.getLong("amount"), rs.getObject("recorded_at", OffsetDateTime.class).toInstant());
    }
  }

  /** Maps {@link #allocations}. */
  final class AllocationRowMapper implements RowMapper<AllocationRow> {
    @Override
    public AllocationRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new AllocationRow(rs.getObject("transaction_id", UUID.class), rs.getInt("installment_number"),
          rs.getLong("principal"), rs.getLong("interest"));
    }
  }

  /** Maps {@link #agingSnapshot} and {@link #agingLive}. */
  final class AgingRowMapper implements RowMapper<LoanAgingRow> {
    @Override
    public LoanAgingRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      CurrencyUnit currency = CurrencyUnit.of(rs.getString("currency"), rs.getShort("currency_scale"));
      return new LoanAgingRow(LoanId.of(rs.getString("loan_id")), rs.getString("borrower_reference"),
          Money.ofMinor(rs.getLong("outstanding_principal"), currency), Money.ofMinor(rs.getLong("overdue"), currency),
          rs.getInt("days_past_due"), rs.getObject("oldest_unpaid_due_date", LocalDate.class));
    }
  }

  /** Maps {@link #agingRefreshState}. */
  final class RefreshStateMapper implements RowMapper<RefreshState> {
    @Override
    public RefreshState map(ResultSet rs, StatementContext ctx) throws SQLException {
      // -infinity marks a view that was never refreshed; the driver cannot map it to a LocalDate.
      String asOf = rs.getString("as_of");
      boolean never = asOf == null || asOf.endsWith("infinity");
      return new RefreshState(never ? Optional.empty() : Optional.of(rs.getObject("as_of", LocalDate.class)),
          rs.getObject("refreshed_at", OffsetDateTime.class));
    }
  }
}
