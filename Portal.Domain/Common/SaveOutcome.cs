namespace Portal.Domain.Common;

/// <summary>How a store's save ended. Stores translate their own exceptions into this, so services stay storage-agnostic.</summary>
public enum SaveOutcome
{
    Saved,

    /// <summary>The row changed (or vanished) since it was read: optimistic concurrency refused the write.</summary>
    Conflict,

    /// <summary>A unique key (such as a provider name) was taken by a concurrent writer.</summary>
    DuplicateKey,
}
