using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// The query operators that cannot be answered over ciphertext (every value has its own random nonce, so equal values
/// differ in the column and their order is random): refused when the query is compiled, naming the property and what
/// works instead, rather than answered wrongly.
/// </summary>
internal static class EncryptedQueryRefusals
{
    private const string InMemory = "Load the rows (with a filter on properties that are not encrypted) and do it in memory, after AsEnumerable()";

    /// <summary>Throws when <paramref name="node"/> (a <see cref="Queryable"/> call) uses an encrypted property where the database would have to compare its values.</summary>
    public static void ThrowIfRefused(IModel model, MethodCallExpression node, Func<Expression, Type?> objectRoot)
    {
        if (node.Method.DeclaringType != typeof(Queryable))
        {
            return;
        }

        var operation = node.Method.Name;
        var (what, instead) = operation switch
        {
            nameof(Queryable.OrderBy) or nameof(Queryable.OrderByDescending) or nameof(Queryable.ThenBy) or nameof(Queryable.ThenByDescending)
                => ("order rows by it", $"{InMemory}, or order by a property that is not encrypted."),
            nameof(Queryable.Min) or nameof(Queryable.Max) or nameof(Queryable.MinBy) or nameof(Queryable.MaxBy)
                => ("compare its values", $"{InMemory}."),
            nameof(Queryable.Sum) or nameof(Queryable.Average)
                => ("compute with its values", $"{InMemory}."),
            nameof(Queryable.GroupBy) or nameof(Queryable.Distinct) or nameof(Queryable.DistinctBy) or nameof(Queryable.CountBy) or nameof(Queryable.AggregateBy)
                => ("tell equal values apart from different ones", $"Group or de-duplicate by its blind index (HasBlindIndex, then the index property), or load the rows and do it in memory."),

            // Filters: comparing with a value is refused by the column guard (a parameter that is not a sealed
            // ciphertext); the migration's own prefix test runs here too, so filters are left to it.
            _ => (null, null),
        };

        if (what is null)
        {
            return;
        }

        foreach (var argument in node.Arguments.Skip(1))
        {
            if (argument is UnaryExpression { Operand: LambdaExpression lambda })
            {
                if (EncryptedMemberPaths.FindAny(model, lambda.Body, objectRoot) is { } hit)
                {
                    throw Refused(operation, hit.Encrypted, what, instead!);
                }
            }
        }

        // Distinct(), Min(), Max()... over a projection of an encrypted property.
        if (node.Arguments is [MethodCallExpression { Method.Name: nameof(Queryable.Select), Arguments: [_, UnaryExpression { Operand: LambdaExpression selector }] } source]
            && source.Method.DeclaringType == typeof(Queryable)
            && EncryptedMemberPaths.FindAny(model, selector.Body, objectRoot) is { } projected)
        {
            throw Refused(operation, projected.Encrypted, what, instead!);
        }
    }

    /// <summary>Throws when an <c>ExecuteUpdate</c> setter sets an encrypted property, or the subject id that subject-bound values of the row are bound to.</summary>
    public static void ThrowIfRefusedSetter(IModel model, Type elementType, LambdaExpression property)
    {
        Func<Expression, Type?> root = _ => elementType;
        if (EncryptedMemberPaths.Resolve(model, property.Body, root) is { } hit)
        {
            throw new InvalidOperationException(
                $"ExecuteUpdate cannot set '{EncryptedShapes.Describe(hit.Encrypted)}': it is encrypted, and ExecuteUpdate writes values to the column without encrypting them. " +
                "Load the entities, change them and call SaveChanges, which encrypts; ExecuteUpdate may set the other properties.");
        }

        if (model.FindEntityType(elementType) is { } entityType && Name(property.Body) is { } name
            && EncryptedPropertyAccessor.Of(entityType).FirstOrDefault(a => a.Subject is { } s && s.Name == name && s.DeclaringType == entityType) is { } bound)
        {
            throw new InvalidOperationException(
                $"ExecuteUpdate cannot set '{entityType.DisplayName()}.{name}': '{EncryptedShapes.Describe(bound.Property)}' is encrypted bound to the subject id it holds, so the row's values would no longer decrypt. " +
                "Load the entities, change the subject id and call SaveChanges, which encrypts their values again under the new subject.");
        }
    }

    private static string? Name(Expression body) => body switch
    {
        MemberExpression member => member.Member.Name,
        MethodCallExpression { Method.Name: nameof(EF.Property) } call when call.Method.DeclaringType == typeof(EF) && call.Arguments[1] is ConstantExpression { Value: string name } => name,
        UnaryExpression { NodeType: ExpressionType.Convert } convert => Name(convert.Operand),
        _ => null,
    };

    private static InvalidOperationException Refused(string operation, IProperty property, string what, string instead) =>
        new($"{operation} over '{EncryptedShapes.Describe(property)}' cannot be translated: it is encrypted with a random nonce per value, so the database cannot {what}. {instead}");
}
