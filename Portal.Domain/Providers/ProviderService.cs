using FluentValidation;
using Portal.Domain.Common;

namespace Portal.Domain.Providers;

/// <summary>Creates, changes and deletes OAuth providers. Every writer goes through here, so every writer gets the same rules.</summary>
public sealed class ProviderService(IProviderStore store, IValidator<ProviderInput> validator, TimeProvider time)
{
    public const string ConflictMessage =
        "Someone else changed this provider after you opened it. Nothing was saved: reload to see their changes, then make yours again.";

    public Task<ProviderPage> SearchAsync(ProviderQuery query, CancellationToken ct = default) =>
        store.SearchAsync(query with
        {
            Page = Math.Max(0, query.Page),
            PageSize = Math.Clamp(query.PageSize, 1, ProviderQuery.MaxPageSize),
        }, ct);

    public Task<OAuthProvider?> FindAsync(Guid id, CancellationToken ct = default) => store.FindAsync(id, ct);

    public async Task<Result<Guid>> CreateAsync(ProviderInput input, CancellationToken ct = default)
    {
        input.Id = null;
        var invalid = await ValidateAsync(input, ct);
        if (invalid is not null)
            return Result<Guid>.From(invalid);

        var provider = OAuthProvider.Create(input, time.GetUtcNow().UtcDateTime);
        store.Add(provider);
        return await store.SaveChangesAsync(ct) switch
        {
            SaveOutcome.Saved => Result<Guid>.Ok(provider.Id, $"Provider '{provider.Title}' created."),
            _ => Result<Guid>.From(NameTaken(input.Name)),
        };
    }

    public async Task<Result> UpdateAsync(ProviderInput input, CancellationToken ct = default)
    {
        if (input.Id is not { } id)
            return Result.NotFound("Choose a provider to update.");
        var provider = await store.FindAsync(id, ct);
        if (provider is null)
            return Result.NotFound("This provider no longer exists: someone deleted it.");
        if (input.Version != provider.Version)
            return Result.Conflict(ConflictMessage);
        if (provider.IsNameLocked && input.Name != provider.Name)
        {
            return Result.Invalid([new FieldError(nameof(ProviderInput.Name),
                $"The name cannot change: tokens have been issued under '{provider.Name}'.")]);
        }

        var invalid = await ValidateAsync(input, ct);
        if (invalid is not null)
            return invalid;

        provider.Apply(input, time.GetUtcNow().UtcDateTime);
        return await store.SaveChangesAsync(ct) switch
        {
            SaveOutcome.Saved => Result.Ok($"Provider '{provider.Title}' saved."),
            SaveOutcome.Conflict => Result.Conflict(ConflictMessage),
            _ => NameTaken(input.Name),
        };
    }

    public async Task<Result> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        var provider = await store.FindAsync(id, ct);
        if (provider is null)
            return Result.NotFound("This provider no longer exists.");
        store.Remove(provider);
        return await store.SaveChangesAsync(ct) switch
        {
            SaveOutcome.Saved => Result.Ok($"Provider '{provider.Title}' deleted."),
            _ => Result.Conflict("Someone else changed this provider while you were deleting it. Nothing was deleted."),
        };
    }

    private async Task<Result?> ValidateAsync(ProviderInput input, CancellationToken ct)
    {
        var check = await validator.ValidateAsync(input, ct);
        return check.IsValid
            ? null
            : Result.Invalid([.. check.Errors.Select(e => new FieldError(e.PropertyName, e.ErrorMessage))]);
    }

    private static Result NameTaken(string name) =>
        Result.Invalid([new FieldError(nameof(ProviderInput.Name), $"Another provider already uses the name '{name}'.")]);
}
