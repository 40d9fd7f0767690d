using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// Finds where a query expression reads an encrypted property: a member chain or <c>EF.Property</c> from an entity
/// (<c>p.Iin</c>, <c>p.Address.Street</c> through a complex type, <c>p.Contact.Phone</c> through an owned navigation), or
/// a complex type or owned entity that holds one (<c>p.Address</c>).
/// </summary>
internal static class EncryptedMemberPaths
{
    private static readonly MethodInfo ReadMethod = typeof(EncryptedMemberPaths).GetMethod(nameof(Read), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>What <see cref="Resolve"/> found.</summary>
    /// <param name="Root">The entity the chain starts from.</param>
    /// <param name="Path">The members from the root to the node, as the model knows them.</param>
    /// <param name="Encrypted">The encrypted property the node is (or the first one the node's value holds).</param>
    internal sealed record Hit(Expression Root, IReadOnlyList<IPropertyBase> Path, IProperty Encrypted);

    /// <summary>
    /// Resolves <paramref name="node"/> when it is exactly an encrypted property, or a complex type or owned entity
    /// holding one; null otherwise (a member <em>of</em> an encrypted value, such as <c>p.Iin.Length</c>, resolves to null:
    /// its instance resolves).
    /// </summary>
    /// <param name="model">The query's model.</param>
    /// <param name="node">The expression.</param>
    /// <param name="objectRoot">The entity type of a root typed as <see cref="object"/> (the query behind <c>GetDatabaseValues</c>).</param>
    public static Hit? Resolve(IModel model, Expression node, Func<Expression, Type?>? objectRoot = null)
    {
        var names = new List<string>();
        var current = node;

        // A cast at the root (((Teacher)p).Phone over a set of the base type) names the derived type the chain starts from.
        Type? castTo = null;
        while (true)
        {
            if (current is MemberExpression { Expression: { } instance } member)
            {
                names.Add(member.Member.Name);
                current = instance;
                castTo = null;
            }
            else if (current is MethodCallExpression { Method.Name: nameof(EF.Property) } call && call.Method.DeclaringType == typeof(EF)
                && call.Arguments is [var target, ConstantExpression { Value: string name }])
            {
                names.Add(name);
                current = target;
                castTo = null;
            }
            else if (current is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.TypeAs } convert && names.Count > 0)
            {
                castTo = convert.Type;
                current = convert.Operand;
            }
            else
            {
                break;
            }
        }

        if (names.Count == 0)
        {
            return null;
        }

        var rootType = current.Type == typeof(object) ? objectRoot?.Invoke(current) : current.Type;
        if (castTo is not null && castTo != typeof(object) && model.FindEntityType(castTo) is not null)
        {
            rootType = castTo;
        }

        if (rootType is null || model.FindEntityType(rootType) is not { } entityType)
        {
            return null;
        }

        names.Reverse();
        ITypeBase type = entityType;
        var path = new List<IPropertyBase>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (type.FindProperty(name) is { } property)
            {
                path.Add(property);
                return property.GetEncryption() is not null && i == names.Count - 1 ? new Hit(current, path, property) : null;
            }

            if (type.FindComplexProperty(name) is { IsCollection: false } complex)
            {
                path.Add(complex);
                type = complex.ComplexType;
            }
            else if (type is IEntityType owner && owner.FindNavigation(name) is { IsCollection: false, TargetEntityType: { } target } navigation && target.IsOwned())
            {
                path.Add(navigation);
                type = target;
            }
            else if (type is IEntityType holder && holder.FindNavigation(name) is { IsCollection: true, TargetEntityType: { } elements } collection && elements.IsOwned()
                && i == names.Count - 1 && FirstEncrypted(elements) is { } inCollection)
            {
                path.Add(collection);
                return new Hit(current, path, inCollection);
            }
            else
            {
                return null;
            }
        }

        return FirstEncrypted(type) is { } held ? new Hit(current, path, held) : null;
    }

    /// <summary>Reads the value the node reads from the materialized (and decrypted) entity instead of the column.</summary>
    public static Expression ReadFromEntity(Hit hit, Type type) =>
        Expression.Call(
            ReadMethod.MakeGenericMethod(type),
            hit.Root.Type == typeof(object) ? hit.Root : Expression.Convert(hit.Root, typeof(object)),
            Expression.Constant(string.Join('.', hit.Path.Select(p => p.Name))));

    /// <summary>Whether the expression reads an encrypted property anywhere.</summary>
    public static Hit? FindAny(IModel model, Expression expression, Func<Expression, Type?>? objectRoot = null)
    {
        var finder = new Finder(model, objectRoot);
        finder.Visit(expression);
        return finder.Found;
    }

    private static IProperty? FirstEncrypted(ITypeBase type) =>
        EncryptedPropertyAccessor.EncryptedProperties(type).FirstOrDefault()
        ?? (type as IEntityType)?.GetNavigations().Where(n => n.TargetEntityType.IsOwned() && n.TargetEntityType != type)
            .Select(n => FirstEncrypted(n.TargetEntityType)).FirstOrDefault(p => p is not null);

    // Runs on the client, over the entity EF Core materialized (and the materializer decrypted). The path is text (a
    // constant of metadata objects in a client projection is refused by EF Core); each segment is a property or, for a
    // field-only property, the field of that name.
    private static T? Read<T>(object? entity, string path)
    {
        var value = entity;
        foreach (var segment in path.Split('.'))
        {
            if (value is null)
            {
                return default;
            }

            value = Getters.GetOrAdd((value.GetType(), segment), static key => Getter(key.Item1, key.Item2))(value);
        }

        return (T?)value;
    }

    private static readonly ConcurrentDictionary<(Type, string), Func<object, object?>> Getters = new();

    private static Func<object, object?> Getter(Type type, string name)
    {
        const BindingFlags Instance = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
        for (var declaring = type; declaring is not null; declaring = declaring.BaseType)
        {
            if (declaring.GetProperty(name, Instance | BindingFlags.DeclaredOnly) is { } property)
            {
                return property.GetValue;
            }

            if (declaring.GetField(name, Instance | BindingFlags.DeclaredOnly) is { } field)
            {
                return field.GetValue;
            }
        }

        // A member of a derived type read from a row of another type in the hierarchy (((Teacher)p).Phone on a
        // pupil): the database gives NULL there, and so does this.
        return static _ => null;
    }

    private sealed class Finder(IModel model, Func<Expression, Type?>? objectRoot) : ExpressionVisitor
    {
        public Hit? Found { get; private set; }

        public override Expression? Visit(Expression? node) => Found is null ? base.Visit(node) : node;

        protected override Expression VisitMember(MemberExpression node)
        {
            if (Resolve(model, node, objectRoot) is { } hit)
            {
                Found = hit;
                return node;
            }

            // Below the top of a chain only an encrypted property itself counts: p.Contact in p.Contact.Id is not read whole.
            var inner = node.Expression;
            for (; inner is MemberExpression member; inner = member.Expression)
            {
                if (Resolve(model, member, objectRoot) is { } below && below.Path[^1] == below.Encrypted)
                {
                    Found = below;
                    return node;
                }
            }

            Visit(inner);
            return node;
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (Resolve(model, node, objectRoot) is { } hit)
            {
                Found = hit;
                return node;
            }

            return base.VisitMethodCall(node);
        }
    }
}
