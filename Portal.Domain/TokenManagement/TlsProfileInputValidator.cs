using FluentValidation;

namespace Portal.Domain.TokenManagement;

public sealed class TlsProfileInputValidator : AbstractValidator<TlsProfileInput>
{
    public const int NameMaxLength = 64;
    public const int MaxPemLength = 256 * 1024;

    public TlsProfileInputValidator(ITlsProfileStore store, TimeProvider time)
    {
        RuleFor(x => x.Name)
            .Cascade(CascadeMode.Stop)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter a name.")
            .MaximumLength(NameMaxLength).WithMessage($"Keep the name to {NameMaxLength} characters or fewer.")
            .MustAsync(async (input, name, ct) => !await store.NameInUseAsync(name.Trim(), input.Id, ct))
            .WithMessage("Another profile is already called '{PropertyValue}'.");

        RuleFor(x => x.CaCertificatesPem)
            .MaximumLength(MaxPemLength).WithMessage("That is too much text for a CA bundle.");
        // Parsed once per validation: the message is the parser's own.
        RuleFor(x => x.CaCertificatesPem)
            .Custom((pem, context) =>
            {
                if (Certificates.ReadCaBundle(pem, time.GetUtcNow().UtcDateTime).Problem is { } problem)
                    context.AddFailure(problem);
            })
            .When(x => !string.IsNullOrWhiteSpace(x.CaCertificatesPem) && x.CaCertificatesPem.Length <= MaxPemLength);

        RuleFor(x => x.MinimumTlsVersion).IsInEnum().WithMessage("Choose TLS 1.2 or TLS 1.3.");

        // Without its own CAs a profile trusts every public CA: with no host-name check, any site's certificate would do.
        RuleFor(x => x.CheckHostName)
            .Must(check => check)
            .When(x => string.IsNullOrWhiteSpace(x.CaCertificatesPem))
            .WithMessage("Turning the host-name check off needs the service's own CA certificates above: otherwise any public certificate would be accepted.");

        RuleFor(x => x.ClientCertificatePem)
            .Custom((_, context) =>
            {
                if (Certificates.ReadClientCertificate(context.InstanceToValidate, time.GetUtcNow().UtcDateTime).Problem is { } problem)
                    context.AddFailure(problem);
            })
            .When(x => x.ClientCertificateChange == SecretChange.Replace);
    }
}
