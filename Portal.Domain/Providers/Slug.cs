using System.Globalization;
using System.Text;

namespace Portal.Domain.Providers;

/// <summary>Derives a provider name (<c>^[a-z0-9][a-z0-9-]{0,63}$</c>) from a free-text title.</summary>
public static class Slug
{
    public static string FromTitle(string title)
    {
        var builder = new StringBuilder(title.Length);
        var pendingDash = false;
        foreach (var c in title.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue; // "é" → "e"
            var lower = char.ToLowerInvariant(c);
            if (lower is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                if (pendingDash && builder.Length > 0)
                    builder.Append('-');
                builder.Append(lower);
                pendingDash = false;
            }
            else
            {
                pendingDash = true;
            }

            if (builder.Length >= ProviderLimits.NameMaxLength)
                break;
        }

        return builder.ToString(0, Math.Min(builder.Length, ProviderLimits.NameMaxLength)).TrimEnd('-');
    }
}
