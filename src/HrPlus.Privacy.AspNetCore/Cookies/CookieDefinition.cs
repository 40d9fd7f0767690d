namespace HrPlus.Privacy.AspNetCore.Cookies;

/// <summary>A cookie the host sets, as the cookie notice shows it.</summary>
public sealed class CookieDefinition
{
    /// <summary>Creates a definition.</summary>
    /// <param name="name">The cookie name; a trailing <c>*</c> matches every name with that prefix (e.g. <c>_ga_*</c>).</param>
    /// <param name="category">Its category; exactly one of the four.</param>
    /// <param name="purpose">What it is for, in words for the notice.</param>
    /// <param name="lifetime">How long it lives; null for a session cookie.</param>
    /// <exception cref="ArgumentException">An empty or invalid name, no purpose, or not exactly one category.</exception>
    public CookieDefinition(string name, CookieCategory category, string purpose, TimeSpan? lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        if (name.AsSpan().IndexOfAny("=;, \t\r\n") >= 0 || (name.Length > 1 && name.AsSpan(0, name.Length - 1).Contains('*')))
        {
            throw new ArgumentException("A cookie name cannot contain '=', ';', ',' or white space, and '*' only at its end.", nameof(name));
        }

        if (category is not (CookieCategory.Necessary or CookieCategory.Functional or CookieCategory.Analytics or CookieCategory.Advertising))
        {
            throw new ArgumentException("A cookie belongs to exactly one category.", nameof(category));
        }

        Name = name;
        Category = category;
        Purpose = purpose;
        Lifetime = lifetime;
    }

    /// <summary>Gets the name (or prefix followed by <c>*</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the category.</summary>
    public CookieCategory Category { get; }

    /// <summary>Gets the purpose shown in the notice.</summary>
    public string Purpose { get; }

    /// <summary>Gets the lifetime, or null for a session cookie.</summary>
    public TimeSpan? Lifetime { get; }

    /// <summary>Gets whether this is a prefix pattern.</summary>
    public bool IsPrefix => Name.EndsWith('*');
}
