namespace Portal.Domain.Common;

/// <summary>
/// Base of the engine's published snapshots. Writers commit and publish one at a time, so snapshots follow the order
/// of the commits: a save published late can neither overwrite a newer one nor bring back something deleted
/// meanwhile (one node; several nodes will publish through Redis).
/// </summary>
public abstract class SerialWriter
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>Runs a commit and the publish that follows it as one step among writers.</summary>
    public async Task<T> WriteAsync<T>(Func<Task<T>> commitAndPublish, CancellationToken ct = default)
    {
        await _writer.WaitAsync(ct);
        try
        {
            return await commitAndPublish();
        }
        finally
        {
            _writer.Release();
        }
    }
}
