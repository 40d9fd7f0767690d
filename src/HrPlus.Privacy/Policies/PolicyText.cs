using System.Security.Cryptography;
using System.Text;

namespace HrPlus.Privacy.Policies;

/// <summary>The text of a policy version in one language, with the SHA-256 hash that consents refer to.</summary>
public sealed class PolicyText
{
    /// <summary>The longest text accepted, in characters (1 Mi).</summary>
    public const int MaxLength = 1024 * 1024;

    /// <summary>Creates a text and computes its hash.</summary>
    /// <param name="language">A lower-case ISO 639-1 code: <c>kk</c>, <c>ru</c>, <c>en</c> or another two-letter code.</param>
    /// <param name="content">The text exactly as shown to people (Markdown or plain text).</param>
    /// <exception cref="ArgumentException">An invalid language code, or empty or over-long content.</exception>
    public PolicyText(string language, string content)
    {
        ArgumentNullException.ThrowIfNull(language);
        ArgumentException.ThrowIfNullOrWhiteSpace(content);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(content.Length, MaxLength, nameof(content));
        if (!IsLanguageCode(language))
        {
            throw new ArgumentException("The language must be a lower-case two-letter ISO 639-1 code such as \"kk\", \"ru\" or \"en\".", nameof(language));
        }

        Language = language;
        Content = content;
        ContentHash = Hash(content);
    }

    /// <summary>Gets the language code.</summary>
    public string Language { get; }

    /// <summary>Gets the text.</summary>
    public string Content { get; }

    /// <summary>Gets the SHA-256 of the UTF-8 text as 64 lower-case hex digits.</summary>
    public string ContentHash { get; }

    /// <summary>Computes the content hash of <paramref name="content"/>: SHA-256 over its UTF-8 bytes, lower-case hex.</summary>
    public static string Hash(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(content), hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Tells whether <paramref name="value"/> is a lower-case two-letter language code.</summary>
    public static bool IsLanguageCode(string? value) =>
        value is { Length: 2 } && char.IsAsciiLetterLower(value[0]) && char.IsAsciiLetterLower(value[1]);
}
