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
            .Cascade(CascadeMode.Stop)
            .MaximumLength(MaxPemLength).WithMessage("That is too much text for a CA bundle.")
            .Must(pem => Certificates.ReadCaBundle(pem, time.GetUtcNow().UtcDateTime).Problem is null)
            .WithMessage((_, pem) => Certificates.ReadCaBundle(pem, time.GetUtcNow().UtcDateTime).Problem!)
            .When(x => !string.IsNullOrWhiteSpace(x.CaCertificatesPem));

        RuleFor(x => x.MinimumTlsVersion).IsInEnum().WithMessage("Choose TLS 1.2 or TLS 1.3.");

        RuleFor(x => x.ClientCertificatePem)
            .Must((input, _) => Certificates.ReadClientCertificate(input, time.GetUtcNow().UtcDateTime).Problem is null)
            .WithMessage((input, _) => Certificates.ReadClientCertificate(input, time.GetUtcNow().UtcDateTime).Problem!)
            .When(x => x.ClientCertificateChange == SecretChange.Replace);
    }
}
