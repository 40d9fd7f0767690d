using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// An encrypted property of an entity type, worked out once per model type: the property's own ones and those of its
/// complex properties (nested too), each read and written through EF Core's own accessors (so a backing field, a
/// field-only property and a property of a complex type behave alike), with its unbound <see cref="FieldContext"/>.
/// </summary>
/// <remarks>
/// Loading a page of entities then costs one array walk per entity instead of scanning every property's annotations.
/// An owned type is an entity type of its own: its entries and materializations use its own plan.
/// </remarks>
internal sealed class EncryptedPropertyAccessor
{
    private static readonly ConditionalWeakTable<IReadOnlyEntityType, EncryptedPropertyAccessor[]> Plans = [];

    private readonly IClrPropertyGetter _getter;
    private readonly Action<object, object?> _setter;
    private readonly IClrPropertyGetter? _container;

    private EncryptedPropertyAccessor(IProperty property, EncryptionBinding binding)
    {
        Property = property;
        Binding = binding;
        Path = ComplexPath(property);
        Unbound = EncryptedFieldContexts.Unbound(property);
        Subject = binding == EncryptionBinding.Subject ? FindSubject(property) : null;
        _getter = property.GetGetter();
        _setter = CompileSetter(property.GetMemberInfo(forMaterialization: false, forSet: true));
        _container = Path.Length == 0 ? null : Path[^1].GetGetter();
    }

    public IProperty Property { get; }

    public EncryptionBinding Binding { get; }

    /// <summary>Gets the complex properties from the entity down to <see cref="Property"/> (empty for the entity's own).</summary>
    public IComplexProperty[] Path { get; }

    /// <summary>Gets the entity and field names, not bound to a row.</summary>
    public FieldContext Unbound { get; }

    /// <summary>Gets the property holding the subject id (with <see cref="EncryptionBinding.Subject"/>).</summary>
    public IProperty? Subject { get; }

    /// <summary>Gets the encrypted properties of <paramref name="entityType"/>, its complex properties' included (an empty array when none).</summary>
    public static EncryptedPropertyAccessor[] Of(IEntityType entityType) =>
        Plans.GetValue(entityType, static t => [.. EncryptedProperties((IEntityType)t)
            .Select(p => new EncryptedPropertyAccessor(p, p.GetEncryption()!.Value))]);

    /// <summary>Gets the value from the entity (through the complex properties on the way).</summary>
    public object? Get(object entity) => _getter.GetClrValueUsingContainingEntity(entity);

    /// <summary>Sets the value on the entity, the way EF Core does (a backing field when there is one).</summary>
    public void Set(object entity, object? value) =>
        _setter(_container is null ? entity : _container.GetClrValueUsingContainingEntity(entity)!, value);

    /// <summary>Gets the change tracker's entry of this property.</summary>
    public PropertyEntry EntryOf(EntityEntry entry) => EntryOf(entry, Property);

    /// <summary>Gets the change tracker's entry of <paramref name="property"/>, declared on the entry's type or one of its complex types.</summary>
    public static PropertyEntry EntryOf(EntityEntry entry, IProperty property)
    {
        var path = ComplexPath(property);
        if (path.Length == 0)
        {
            return entry.Property(property);
        }

        var complex = entry.ComplexProperty(path[0]);
        for (var i = 1; i < path.Length; i++)
        {
            complex = complex.ComplexProperty(path[i]);
        }

        return complex.Property(property);
    }

    /// <summary>Reads <paramref name="property"/> of a materialized entity (a shadow one from what the query read).</summary>
    public static object? Read(IProperty property, object entity, Func<IProperty, object?>? shadow) =>
        property.IsShadowProperty()
            ? shadow is null ? null : shadow(property)
            : property.GetGetter().GetClrValueUsingContainingEntity(entity);

    /// <summary>The encrypted properties declared on <paramref name="type"/> and inside its (non-collection) complex properties.</summary>
    public static IEnumerable<IProperty> EncryptedProperties(ITypeBase type)
    {
        foreach (var property in type.GetProperties())
        {
            if (property.GetEncryption() is not null)
            {
                yield return property;
            }
        }

        foreach (var complex in type.GetComplexProperties())
        {
            if (complex.IsCollection)
            {
                continue; // refused when the model is built if it holds an encrypted property
            }

            foreach (var property in EncryptedProperties(complex.ComplexType))
            {
                yield return property;
            }
        }
    }

    /// <summary>The subject property: on the declaring type, else on the entity that contains the complex type.</summary>
    public static IProperty? FindSubject(IReadOnlyProperty property) =>
        property.GetSubjectProperty() is { } name ? (IProperty?)FindSubject(property, name) : null;

    /// <summary>Finds the subject property <paramref name="name"/>: on the declaring type, else on the entity holding the complex type.</summary>
    public static IReadOnlyProperty? FindSubject(IReadOnlyProperty property, string name)
    {
        var type = property.DeclaringType;
        while (type.FindProperty(name) is null && type is IReadOnlyComplexType complex)
        {
            type = complex.ComplexProperty.DeclaringType;
        }

        return type.FindProperty(name);
    }

    // The member EF Core itself writes (a backing field when there is one), compiled once.
    private static Action<object, object?> CompileSetter(MemberInfo member)
    {
        try
        {
            var instance = Expression.Parameter(typeof(object), "instance");
            var value = Expression.Parameter(typeof(object), "value");
            var target = Expression.MakeMemberAccess(Expression.Convert(instance, member.DeclaringType!), member);
            return Expression.Lambda<Action<object, object?>>(Expression.Assign(target, Expression.Convert(value, target.Type)), instance, value).Compile();
        }
        catch (ArgumentException)
        {
            // A read-only field (or a setter expressions cannot call): reflection writes it, as EF Core does.
            return member is FieldInfo field ? field.SetValue : ((PropertyInfo)member).SetValue;
        }
    }

    private static IComplexProperty[] ComplexPath(IProperty property)
    {
        if (property.DeclaringType is not IComplexType)
        {
            return [];
        }

        var path = new List<IComplexProperty>();
        for (var type = property.DeclaringType; type is IComplexType complex; type = complex.ComplexProperty.DeclaringType)
        {
            path.Insert(0, complex.ComplexProperty);
        }

        return [.. path];
    }
}
