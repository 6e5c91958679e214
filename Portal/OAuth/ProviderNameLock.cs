using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Engine;

namespace Portal.OAuth;

/// <summary>
/// Fixes a provider's name when it issues its first token (spec §1: the name is referenced from then on). The token
/// response does not wait for it: the first issuance asks, and this writes once, then publishes the locked provider.
/// </summary>
public sealed class ProviderNameLock(IServiceScopeFactory scopes, ProviderSnapshots runtime, TimeProvider time, ILogger<ProviderNameLock> logger)
{
    private readonly ConcurrentDictionary<Guid, Task> _locking = new();

    /// <summary>Called after a token was issued; does nothing once the name is locked.</summary>
    public void TokenIssued(ProviderRuntime provider)
    {
        if (!provider.NameLocked)
            _locking.GetOrAdd(provider.Id, id => Task.Run(() => LockAsync(id)));
    }

    /// <summary>Completes when the lock asked for this provider is written (for tests).</summary>
    public Task WhenLocked(Guid providerId) => _locking.TryGetValue(providerId, out var task) ? task : Task.CompletedTask;

    private async Task LockAsync(Guid providerId)
    {
        try
        {
            await runtime.WriteAsync(async () =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                if (await db.Providers.FirstOrDefaultAsync(p => p.Id == providerId) is not { } provider)
                    return false;
                provider.LockName(time.GetUtcNow().UtcDateTime);
                await db.SaveChangesAsync();
                runtime.Publish(provider);
                return true;
            });
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not lock the name of provider {ProviderId}; the next token will try again.", providerId);
        }
        finally
        {
            _locking.TryRemove(providerId, out _);
        }
    }
}
