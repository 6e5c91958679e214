namespace Portal.Domain.Common;

/// <summary>
/// Base of the engine's published snapshots. Writers commit and publish one at a time, so snapshots follow the order
/// of the commits: a save published late can neither overwrite a newer one nor bring back something deleted
/// meanwhile (one node; several nodes will publish through Redis).
/// </summary>
public abstract class SerialWriter
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    // Set while this async flow holds the writer: a step that takes it again (a restore, which saves through the
    // ordinary services inside one transaction) runs instead of waiting for itself.
    private readonly AsyncLocal<bool> _held = new();

    /// <summary>Runs a commit and the publish that follows it as one step among writers.</summary>
    public async Task<T> WriteAsync<T>(Func<Task<T>> commitAndPublish, CancellationToken ct = default)
    {
        if (_held.Value)
            return await commitAndPublish();
        await _writer.WaitAsync(ct);
        try
        {
            _held.Value = true;
            return await commitAndPublish();
        }
        finally
        {
            _held.Value = false;
            _writer.Release();
        }
    }
}
