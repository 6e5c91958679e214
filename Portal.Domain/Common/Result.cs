using FluentValidation.Results;

namespace Portal.Domain.Common;

public enum ResultStatus
{
    Ok,
    Invalid,
    NotFound,
    Conflict,
    Forbidden,
}

/// <summary>A message about one field of the submitted model; <c>Field</c> is the property path ("Scopes[1].Name").</summary>
public sealed record FieldError(string Field, string Message)
{
    /// <summary>The validator's failures as field errors: one conversion for every service and form.</summary>
    public static IReadOnlyList<FieldError> From(IEnumerable<ValidationFailure> failures) =>
        [.. failures.Select(f => new FieldError(f.PropertyName, f.ErrorMessage))];
}

/// <summary>What a domain service did with a command: the page shows <see cref="Message"/> and the field errors.</summary>
public record Result(ResultStatus Status, string Message, IReadOnlyList<FieldError> Errors)
{
    public bool IsSuccess => Status == ResultStatus.Ok;

    public static Result Ok(string message) => new(ResultStatus.Ok, message, []);

    public static Result Invalid(IReadOnlyList<FieldError> errors) =>
        new(ResultStatus.Invalid, "Some fields need attention.", errors);

    public static Result NotFound(string message) => new(ResultStatus.NotFound, message, []);

    public static Result Conflict(string message) => new(ResultStatus.Conflict, message, []);

    public static Result Forbidden(string message) => new(ResultStatus.Forbidden, message, []);
}

public sealed record Result<T>(ResultStatus Status, string Message, IReadOnlyList<FieldError> Errors, T? Value)
    : Result(Status, Message, Errors)
{
    public static Result<T> Ok(T value, string message) => new(ResultStatus.Ok, message, [], value);

    public static Result<T> From(Result failure) => new(failure.Status, failure.Message, failure.Errors, default);
}
