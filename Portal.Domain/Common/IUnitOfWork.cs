namespace Portal.Domain.Common;

/// <summary>Runs several saves (of the stores in this scope) as one transaction: all are kept when the work succeeds, none when it fails.</summary>
public interface IUnitOfWork
{
    Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken ct = default) where T : Result;
}
