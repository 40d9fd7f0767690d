using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// The encrypted properties of an entity type with compiled accessors, worked out once per model type: loading a page of
/// entities then costs one array walk per entity instead of scanning every property's annotations and calling reflection
/// twice per encrypted value.
/// </summary>
internal sealed class EncryptedPropertyAccessor
{
    private static readonly ConditionalWeakTable<IReadOnlyEntityType, EncryptedPropertyAccessor[]> Plans = [];

    private EncryptedPropertyAccessor(IProperty property, EncryptionBinding binding, PropertyInfo info)
    {
        Property = property;
        Binding = binding;
        (Get, Set) = Compile(info);
    }

    public IProperty Property { get; }

    public EncryptionBinding Binding { get; }

    public Func<object, object?> Get { get; }

    public Action<object, object?> Set { get; }

    /// <summary>Gets the encrypted properties of <paramref name="entityType"/> that have a CLR property (an empty array when none).</summary>
    public static EncryptedPropertyAccessor[] Of(IEntityType entityType) =>
        Plans.GetValue(entityType, static t => [.. ((IEntityType)t).GetProperties()
            .Where(p => p.GetEncryption() is not null && p.PropertyInfo is not null)
            .Select(p => new EncryptedPropertyAccessor(p, p.GetEncryption()!.Value, p.PropertyInfo!))]);

    private static (Func<object, object?> Get, Action<object, object?> Set) Compile(PropertyInfo info)
    {
        try
        {
            var instance = Expression.Parameter(typeof(object), "entity");
            var value = Expression.Parameter(typeof(object), "value");
            var typed = Expression.Convert(instance, info.DeclaringType!);
            var get = Expression.Lambda<Func<object, object?>>(Expression.Convert(Expression.Property(typed, info), typeof(object)), instance).Compile();
            var set = Expression.Lambda<Action<object, object?>>(
                Expression.Assign(Expression.Property(typed, info), Expression.Convert(value, info.PropertyType)), instance, value).Compile();
            return (get, set);
        }
        catch (ArgumentException)
        {
            // No usable setter for an expression (EF sets such properties through their backing field): reflection does.
            return (info.GetValue, info.SetValue);
        }
    }
}
