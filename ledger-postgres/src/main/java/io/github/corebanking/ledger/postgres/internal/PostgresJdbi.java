package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The one way the library reaches SQL outside the posting round trip.
 *
 * <p>The convention every module follows:
 * <ul>
 *   <li>statements are methods of a Jdbi SqlObject interface annotated
 *       {@code @UseClasspathSqlLocator}; each method's SQL lives in the resource
 *       {@code <package path>/<Interface>/<method>.sql} next to the interface;</li>
 *   <li>values are bound as named parameters ({@code :name});</li>
 *   <li>the schema is written {@code <schema>} and replaced by the validated, quoted schema name
 *       defined on the {@link Jdbi} built here; nothing else is ever spliced into SQL.</li>
 * </ul>
 *
 * <p>Not supported for use outside the library.
 */
public final class PostgresJdbi {

  private PostgresJdbi() {}

  /**
   * A Jdbi over a data source with the SqlObject plugin and {@code <schema>} defined.
   *
   * @param dataSource the database
   * @param schema     the ledger's schema, validated here
   * @return the Jdbi
   * @throws io.github.corebanking.ledger.InvalidRequestException when the schema name is not valid
   */
  public static Jdbi create(DataSource dataSource, String schema) {
    Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin())
        .define("schema", PostgresLedgerSchema.quotedSchema(schema));
    jdbi.registerArgument(new TimestamptzArgument());
    jdbi.registerArrayType(UUID.class, "uuid");
    return jdbi;
  }

  /** Binds an {@link OffsetDateTime} as {@code timestamptz} with the driver's own conversion. */
  private static final class TimestamptzArgument extends AbstractArgumentFactory<OffsetDateTime> {
    TimestamptzArgument() {
      super(Types.TIMESTAMP_WITH_TIMEZONE);
    }

    @Override
    protected Argument build(OffsetDateTime value, ConfigRegistry config) {
      return (int position, PreparedStatement statement, StatementContext ctx) ->
          statement.setObject(position, value, Types.TIMESTAMP_WITH_TIMEZONE);
    }
  }
}
