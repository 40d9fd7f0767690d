using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// Looks at each query once, when EF Core compiles it. A projection that reads an encrypted property
/// (<c>Select(p =&gt; p.Iin)</c>, <c>new { p.Name }</c>, <c>EF.Property</c>, and the query behind <c>Reload</c> and
/// <c>GetDatabaseValues</c>) reads it from the materialized, decrypted entity instead of the column, so it gives
/// plaintext. <c>ExecuteUpdate</c> that sets an encrypted property is refused: it cannot encrypt.
/// </summary>
/// <remarks>
/// Reading from the entity means the projection loads the entity's columns. Such a query runs without tracking, so
/// the projection gives the values saved in the database (as any projection does), never a tracked entity's unsaved
/// edits; entities it returns beside the projected values are not tracked either.
/// </remarks>
internal sealed class EncryptedQueryInterceptor : IQueryExpressionInterceptor
{
    /// <summary>The one instance every context shares.</summary>
    public static readonly EncryptedQueryInterceptor Instance = new();

    private static readonly MethodInfo ReadMethod = typeof(EncryptedQueryInterceptor).GetMethod(nameof(Read), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly ConcurrentDictionary<(Type, string), PropertyInfo?> Accessors = new();
    private static readonly MethodInfo AsNoTrackingMethod = typeof(EntityFrameworkQueryableExtensions).GetMethod(nameof(EntityFrameworkQueryableExtensions.AsNoTracking))!;

    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData) =>
        eventData.Context is { } context && HasEncryptedProperties(context.Model)
            ? new QueryRewriter(context.Model).Visit(queryExpression)
            : queryExpression;

    private static bool HasEncryptedProperties(IModel model) =>
        model.GetEntityTypes().Any(t => t.GetProperties().Any(p => p.GetEncryption() is not null));

    // Runs on the client, over the entity EF Core materialized (and the materializer decrypted).
    private static T? Read<T>(object? entity, string property)
    {
        if (entity is null)
        {
            return default;
        }

        var info = Accessors.GetOrAdd((entity.GetType(), property), static key => key.Item1.GetProperty(key.Item2, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance));
        return (T?)info?.GetValue(entity);
    }

    private static IReadOnlyProperty? Encrypted(IModel model, Type type, string name) =>
        model.FindEntityType(type)?.FindProperty(name) is { } property && property.GetEncryption() is not null && property.PropertyInfo is not null
            ? property
            : null;

    private static string? PropertyName(Expression body) => body switch
    {
        MemberExpression member => member.Member.Name,
        MethodCallExpression { Method.Name: nameof(EF.Property) } call when call.Method.DeclaringType == typeof(EF) && call.Arguments[1] is ConstantExpression { Value: string name } => name,
        UnaryExpression { NodeType: ExpressionType.Convert } convert => PropertyName(convert.Operand),
        _ => null,
    };

    // The entity type at the root of a query (the query behind GetDatabaseValues types its elements as object).
    private static Type? ElementType(Expression source)
    {
        while (source is MethodCallExpression { Arguments.Count: > 0 } call)
        {
            source = call.Arguments[0];
        }

        return source is EntityQueryRootExpression root ? root.EntityType.ClrType
            : source.Type.IsGenericType && source.Type.GetGenericArguments() is [var element] ? element
            : null;
    }

    private sealed class QueryRewriter(IModel model) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType == typeof(EntityFrameworkQueryableExtensions) && node.Method.Name == "ExecuteUpdate")
            {
                RefuseEncryptedSetters(node);
                return base.VisitMethodCall(node);
            }

            if (node.Method.DeclaringType == typeof(Queryable) && node.Method.Name == nameof(Queryable.Select)
                && node.Arguments is [var source, UnaryExpression { Operand: LambdaExpression { Parameters: [var parameter] } selector }]
                && ElementType(source) is { } elementType)
            {
                var visitedSource = Visit(source);
                var body = new ProjectionRewriter(model, parameter, elementType).Visit(selector.Body);
                if (body == selector.Body)
                {
                    return visitedSource == source ? node : Expression.Call(node.Method, visitedSource, node.Arguments[1]);
                }

                // Without tracking, the entity read is a fresh one from this row, never a tracked instance with unsaved
                // edits: the projection gives what the database holds, as projections do.
                var untracked = Expression.Call(AsNoTrackingMethod.MakeGenericMethod(node.Method.GetGenericArguments()[0]), visitedSource);
                return Expression.Call(node.Method, untracked, Expression.Quote(Expression.Lambda(selector.Type, body, selector.Parameters)));
            }

            return base.VisitMethodCall(node);
        }

        private void RefuseEncryptedSetters(MethodCallExpression node)
        {
            if (node.Arguments is not [var source, NewArrayExpression setters] || ElementType(source) is not { } elementType)
            {
                return;
            }

            foreach (var setter in setters.Expressions)
            {
                if (setter is NewExpression { Arguments: [LambdaExpression { Parameters: [var parameter] } property, ..] }
                    && PropertyName(property.Body) is { } name
                    && Encrypted(model, parameter.Type == typeof(object) ? elementType : parameter.Type, name) is { } encrypted)
                {
                    throw new InvalidOperationException(
                        $"ExecuteUpdate cannot set '{encrypted.DeclaringType.DisplayName()}.{encrypted.Name}': it is encrypted, and ExecuteUpdate writes values to the column without encrypting them. " +
                        "Load the entities, change them and call SaveChanges, which encrypts; ExecuteUpdate may set the other properties.");
                }
            }
        }
    }

    private sealed class ProjectionRewriter(IModel model, ParameterExpression parameter, Type elementType) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression is { } instance && node.Member is PropertyInfo && Encrypted(model, EntityTypeOf(instance), node.Member.Name) is not null
                ? ReadFromEntity(instance, node.Member.Name, node.Type)
                : base.VisitMember(node);

        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            node.Method.DeclaringType == typeof(EF) && node.Method.Name == nameof(EF.Property)
            && node.Arguments is [var instance, ConstantExpression { Value: string name }]
            && Encrypted(model, EntityTypeOf(instance), name) is not null
                ? ReadFromEntity(instance, name, node.Type)
                : base.VisitMethodCall(node);

        // The query behind GetDatabaseValues types its parameter as object; the entity type is the source's.
        private Type EntityTypeOf(Expression instance) => instance == parameter && instance.Type == typeof(object) ? elementType : instance.Type;

        private static MethodCallExpression ReadFromEntity(Expression instance, string name, Type type) =>
            Expression.Call(
                ReadMethod.MakeGenericMethod(type),
                instance.Type == typeof(object) ? instance : Expression.Convert(instance, typeof(object)),
                Expression.Constant(name));
    }
}
