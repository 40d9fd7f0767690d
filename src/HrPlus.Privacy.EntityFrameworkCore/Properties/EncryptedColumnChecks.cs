using System.ComponentModel;
using HrPlus.Privacy.EntityFrameworkCore.Properties;

namespace HrPlus.Privacy.EntityFrameworkCore;

/// <summary>
/// The checks the value converter of every encrypted property calls; public because a compiled model
/// (<c>dotnet ef dbcontext optimize</c>) calls them from the app's own assembly. Not for app code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class EncryptedColumnChecks
{
    /// <summary>
    /// Lets a ciphertext that HrPlus.Privacy's save interceptor made (that very instance) on its way to the column of
    /// <paramref name="property"/>; refuses anything else.
    /// </summary>
    /// <param name="value">The value about to be sent to the column.</param>
    /// <param name="property">The property, as <c>Entity.Property</c> (for the message).</param>
    /// <returns><paramref name="value"/>.</returns>
    /// <exception cref="InvalidOperationException">The value was not encrypted by HrPlus.Privacy.</exception>
    public static string ToColumn(string value, string property) => SealedValues.IsSealed(value) ? value : throw NotSealed(property);

    /// <inheritdoc cref="ToColumn(string, string)"/>
    public static byte[] ToColumn(byte[] value, string property) => SealedValues.IsSealed(value) ? value : throw NotSealed(property);

    /// <summary>Refuses a value read from the column of <paramref name="property"/> by a context that cannot decrypt it.</summary>
    /// <param name="value">The value read.</param>
    /// <param name="property">The property, as <c>Entity.Property</c> (for the message).</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="InvalidOperationException">Always.</exception>
    public static string FromColumnWithoutHook(string value, string property)
    {
        _ = value; // the converter's signature; the value itself is never shown
        throw NoHook(property);
    }

    /// <inheritdoc cref="FromColumnWithoutHook(string, string)"/>
    public static byte[] FromColumnWithoutHook(byte[] value, string property)
    {
        _ = value; // the converter's signature; the value itself is never shown
        throw NoHook(property);
    }

    private static InvalidOperationException NotSealed(string property) => new(
        $"'{property}' is encrypted, and a value that HrPlus.Privacy did not encrypt was about to be sent to its column; it was refused. " +
        "SaveChanges encrypts only on a context whose options have UseHrPlusPrivacy(serviceProvider): add it where the context is configured. " +
        "ExecuteUpdate, seed data and queries that compare the column with a value cannot encrypt: change the entity and call SaveChanges, and search with WhereBlindIndexMatches or FindByEncryptedValueAsync.");

    private static InvalidOperationException NoHook(string property) => new(
        $"'{property}' is encrypted, but this context cannot decrypt it: add UseHrPlusPrivacy(serviceProvider) where the context is configured.");
}
