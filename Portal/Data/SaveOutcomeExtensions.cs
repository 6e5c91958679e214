using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;

namespace Portal.Data;

internal static class SaveOutcomeExtensions
{
    private const int SqliteConstraintUnique = 2067; // SQLITE_CONSTRAINT_UNIQUE
    private const int SqliteConstraintForeignKey = 787; // a referenced row (a TLS profile, a provider) went away meanwhile
    private const int SqliteConstraintPrimaryKey = 1555; // two first saves of the same row at once

    /// <summary>Saves and translates the two refusals the domain understands; a refused save leaves nothing tracked behind.</summary>
    public static async Task<SaveOutcome> SaveOutcomeAsync(this PortalDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return SaveOutcome.Saved;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return SaveOutcome.Conflict;
        }
        catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique })
        {
            db.ChangeTracker.Clear();
            return SaveOutcome.DuplicateKey;
        }
        catch (DbUpdateException e) when (e.InnerException is SqliteException
        { SqliteExtendedErrorCode: SqliteConstraintForeignKey or SqliteConstraintPrimaryKey })
        {
            db.ChangeTracker.Clear();
            return SaveOutcome.Conflict;
        }
    }
}
