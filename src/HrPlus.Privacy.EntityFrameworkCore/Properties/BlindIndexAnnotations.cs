using System.Collections.Concurrent;
using System.Globalization;
using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// The annotation that ties an encrypted property to the column holding its blind index. Its value is a plain
/// string (<c>column|normalization|bits|index name</c>) so migrations and compiled models can carry it.
/// </summary>
internal static class BlindIndexAnnotations
{
    public const string Name = "HrPlus:BlindIndex";

    private static readonly ConcurrentDictionary<string, BlindIndexColumn> Parsed = new(StringComparer.Ordinal);

    public static string Format(string indexProperty, BlindIndex index) =>
        string.Join('|', indexProperty, ((int)index.Normalization).ToString(CultureInfo.InvariantCulture), index.Bits.ToString(CultureInfo.InvariantCulture), index.Name);

    public static BlindIndexColumn? GetBlindIndex(this IReadOnlyProperty property) =>
        property.FindAnnotation(Name)?.Value is string value ? Parsed.GetOrAdd(value, Parse) : null;

    /// <summary>The refusal of a blind index on a property of a complex or owned type.</summary>
    public static InvalidOperationException NotOnEntity(IReadOnlyProperty property) =>
        new($"'{EncryptedShapes.Describe(property)}' cannot have a blind index: it is a property of the {(property.DeclaringType is IReadOnlyComplexType ? "complex" : "owned")} type '{property.DeclaringType.ClrType.Name}', and blind indexes are kept and searched (WhereBlindIndexMatches, FindByEncryptedValueAsync) for properties of an entity type itself. " +
            "Map the value as a property of the entity to search it by value, or remove HasBlindIndex.");

    private static BlindIndexColumn Parse(string value)
    {
        var parts = value.Split('|', 4);
        return new BlindIndexColumn(
            parts[0],
            BlindIndex.Create(parts[3], (BlindIndexNormalization)int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture)));
    }
}

/// <summary>An encrypted property's blind index and the (shadow or declared) property that stores it.</summary>
internal sealed record BlindIndexColumn(string PropertyName, BlindIndex Index);
