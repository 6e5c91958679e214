using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Engine;

namespace Portal.OAuth;

/// <summary>
/// Fixes a provider's name when it issues its first token (spec §1: the name is referenced from then on). The first
/// token's response waits until the lock is stored (once per provider); later ones see the locked snapshot and go on.
/// </summary>
public sealed class ProviderNameLock(IServiceScopeFactory scopes, ProviderSnapshots runtime, TimeProvider time, ILogger<ProviderNameLock> logger)
{
    private readonly ConcurrentDictionary<Guid, Task> _locking = new();

    /// <summary>Called when a token is issued; completes at once when the name is already locked.</summary>
    public Task TokenIssuedAsync(ProviderRuntime provider) =>
        provider.NameLocked ? Task.CompletedTask : _locking.GetOrAdd(provider.Id, id => Task.Run(() => LockAsync(id)));

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
