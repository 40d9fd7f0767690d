namespace HrPlus.Privacy.AspNetCore.Cookies;

/// <summary>The consent cookie's value: <c>v1:</c> and the consented optional categories, e.g. <c>v1:functional,analytics</c>.</summary>
internal static class CookieConsentValue
{
    private const string Prefix = "v1:";

    // Describe runs once per captured request: its eight possible answers are made once.
    private static readonly string?[] DescribedByBits = [.. Enumerable.Range(0, 16).Select(bits =>
        (bits & 0b1110) == 0 ? null : Format((CookieCategory)(bits & 0b1110))[Prefix.Length..])];

    /// <summary>Reads a value; anything malformed (unknown version or category, duplicates, over 100 characters) means no consent.</summary>
    public static CookieCategory Parse(string? value)
    {
        if (value is null || value.Length > 100 || !value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return CookieCategory.None;
        }

        var consented = CookieCategory.None;
        var rest = value.AsSpan(Prefix.Length);
        if (rest.IsEmpty)
        {
            return CookieCategory.None;
        }

        foreach (var range in rest.Split(','))
        {
            var category = rest[range] switch
            {
                "functional" => CookieCategory.Functional,
                "analytics" => CookieCategory.Analytics,
                "advertising" => CookieCategory.Advertising,
                _ => CookieCategory.None,
            };
            if (category == CookieCategory.None || consented.HasFlag(category))
            {
                return CookieCategory.None;
            }

            consented |= category;
        }

        return consented;
    }

    /// <summary>Writes the value for <paramref name="consented"/> (the necessary flag is implied and not written).</summary>
    public static string Format(CookieCategory consented)
    {
        var names = new List<string>(3);
        if (consented.HasFlag(CookieCategory.Functional))
        {
            names.Add("functional");
        }

        if (consented.HasFlag(CookieCategory.Analytics))
        {
            names.Add("analytics");
        }

        if (consented.HasFlag(CookieCategory.Advertising))
        {
            names.Add("advertising");
        }

        return Prefix + string.Join(',', names);
    }

    /// <summary>Lower-case names of the consented optional categories, comma-separated, or null for none.</summary>
    public static string? Describe(CookieCategory consented)
    {
        var optional = (int)(consented & (CookieCategory.Functional | CookieCategory.Analytics | CookieCategory.Advertising));
        return DescribedByBits[optional];
    }
}
