using System.Runtime.CompilerServices;
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

    private static readonly MethodInfo AsNoTrackingMethod = typeof(EntityFrameworkQueryableExtensions).GetMethod(nameof(EntityFrameworkQueryableExtensions.AsNoTracking))!;
    private static readonly ConditionalWeakTable<IModel, object> Encrypting = [];

    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData) =>
        eventData.Context is { } context && HasEncryptedProperties(context.Model)
            ? new QueryRewriter(context.Model).Visit(queryExpression)
            : queryExpression;

    private static bool HasEncryptedProperties(IModel model) =>
        Encrypting.GetValue(model, static m => ((IModel)m).GetEntityTypes().Any(t => EncryptedPropertyAccessor.Of(t).Length > 0)) is true;

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

            if (node.Arguments.Count > 0 && ElementType(node.Arguments[0]) is { } root)
            {
                EncryptedQueryRefusals.ThrowIfRefused(model, node, e => e.Type == typeof(object) ? root : null);
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
                if (setter is NewExpression { Arguments: [LambdaExpression { Parameters: [var parameter] } property, ..] })
                {
                    EncryptedQueryRefusals.ThrowIfRefusedSetter(model, parameter.Type == typeof(object) ? elementType : parameter.Type, property);
                }
            }
        }
    }

    private sealed class ProjectionRewriter(IModel model, ParameterExpression parameter, Type elementType) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node) =>
            EncryptedMemberPaths.Resolve(model, node, RootType) is { } hit
                ? EncryptedMemberPaths.ReadFromEntity(hit, node.Type)
                : base.VisitMember(node);

        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            EncryptedMemberPaths.Resolve(model, node, RootType) is { } hit
                ? EncryptedMemberPaths.ReadFromEntity(hit, node.Type)
                : base.VisitMethodCall(node);

        // The query behind GetDatabaseValues types its parameter as object; the entity type is the source's.
        private Type? RootType(Expression instance) => instance == parameter ? elementType : null;
    }
}
