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

            // Filters and the other lambdas: comparisons and string functions are refused by ComparisonFinder.
            _ => (null, null),
        };

        if (what is null)
        {
            // A projection that reads an encrypted value reads it from the decrypted entity (see EncryptedQueryInterceptor),
            // so what it does with the value runs in memory; every other lambda runs in the database, over ciphertext.
            if (operation != nameof(Queryable.Select))
            {
                foreach (var argument in node.Arguments.Skip(1))
                {
                    if (argument is UnaryExpression { Operand: LambdaExpression lambda })
                    {
                        new ComparisonFinder(model, objectRoot).Visit(lambda.Body);
                    }
                }
            }

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

    private const string ByValue = "Find rows by value through its blind index (HasBlindIndex, then WhereBlindIndexMatches or FindByEncryptedValueAsync), test it against null, or load the rows (with a filter on properties that are not encrypted) and test the plaintext in memory, after AsEnumerable().";

    private static InvalidOperationException Refused(string operation, IProperty property, string what, string instead) =>
        new($"{operation} over '{EncryptedShapes.Describe(property)}' cannot be translated: it is encrypted with a random nonce per value, so the database cannot {what}. {instead}");

    // Within a lambda that the database evaluates: an encrypted property compared with anything but null (another value,
    // another column, <, >), or handed to a method or member (Contains, StartsWith, ToUpper, Length, EF.Functions.Like,
    // string.Compare, CompareTo, Equals...). Each would run over ciphertext and give a wrong answer silently.
    private sealed class ComparisonFinder(IModel model, Func<Expression, Type?> objectRoot) : ExpressionVisitor
    {
        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType is ExpressionType.Equal or ExpressionType.NotEqual)
            {
                // The migration's own prefix test compares with a prefix only it can make (a sealed instance).
                if (IsSealedConstant(node.Left) || IsSealedConstant(node.Right))
                {
                    return node;
                }

                var (left, right) = (Encrypted(node.Left), Encrypted(node.Right));
                if ((left is not null && !IsNull(node.Right)) || (right is not null && !IsNull(node.Left)))
                {
                    throw Refused(Symbol(node.NodeType), (left ?? right)!.Encrypted, "compare its values with a value or another column (a null test works)", ByValue);
                }

                if (left is not null || right is not null)
                {
                    return node;
                }
            }
            else if (node.NodeType is ExpressionType.LessThan or ExpressionType.LessThanOrEqual or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual
                or ExpressionType.Coalesce or ExpressionType.Add)
            {
                if ((Encrypted(node.Left) ?? Encrypted(node.Right)) is { } hit)
                {
                    throw Refused(Symbol(node.NodeType), hit.Encrypted, "compute with or compare its values", ByValue);
                }
            }

            return base.VisitBinary(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (EncryptedMemberPaths.Resolve(model, node, objectRoot) is not null)
            {
                return node; // EF.Property(e, "Name") itself: a read, judged where it is used
            }

            if (node.Object is { } instance && Encrypted(instance) is { } onInstance)
            {
                throw Refused(node.Method.Name, onInstance.Encrypted, "read its text", ByValue);
            }

            foreach (var argument in node.Arguments)
            {
                if (Encrypted(argument) is { } passed)
                {
                    throw Refused(node.Method.Name, passed.Encrypted, "read its text", ByValue);
                }
            }

            return base.VisitMethodCall(node);
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (EncryptedMemberPaths.Resolve(model, node, objectRoot) is not null)
            {
                return node;
            }

            if (node.Expression is { } instance && Encrypted(instance) is { } hit)
            {
                throw Refused(node.Member.Name, hit.Encrypted, "read its text", ByValue);
            }

            return base.VisitMember(node);
        }

        // The node is an encrypted property itself (not a complex type or owned entity holding one).
        private EncryptedMemberPaths.Hit? Encrypted(Expression node)
        {
            while (node is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert)
            {
                node = convert.Operand;
            }

            return EncryptedMemberPaths.Resolve(model, node, objectRoot) is { } hit && hit.Path[^1] == hit.Encrypted ? hit : null;
        }

        private static string Symbol(ExpressionType type) => type switch
        {
            ExpressionType.Equal => "'=='",
            ExpressionType.NotEqual => "'!='",
            ExpressionType.LessThan => "'<'",
            ExpressionType.LessThanOrEqual => "'<='",
            ExpressionType.GreaterThan => "'>'",
            ExpressionType.GreaterThanOrEqual => "'>='",
            ExpressionType.Coalesce => "'??'",
            _ => "'+'",
        };

        private static bool IsNull(Expression node) =>
            node is ConstantExpression { Value: null } || (node is UnaryExpression { NodeType: ExpressionType.Convert } convert && IsNull(convert.Operand));

        private static bool IsSealedConstant(Expression node) => node is ConstantExpression { Value: { } value } && SealedValues.IsSealed(value);
    }
}
