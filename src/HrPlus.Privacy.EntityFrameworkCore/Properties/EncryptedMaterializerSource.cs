using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.Internal;
using Microsoft.EntityFrameworkCore.Storage;

#pragma warning disable EF1001 // StructuralTypeMaterializerSource is EF Core's own implementation of the public interface; extended, not copied.

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// EF Core's materializer, with one call added after an entity type that has encrypted properties is materialized:
/// <see cref="EncryptedPropertyMaterializer.Materialized"/> decrypts them. Every other type is materialized exactly as
/// without the SDK.
/// </summary>
/// <remarks>
/// This replaces an <c>IMaterializationInterceptor</c>. EF Core gives an interceptor every entity of every type, each
/// with a dictionary of delegates over all of its properties, built before the interceptor is called: measured on a
/// 1,000-row page that made every query of the app's context — plain entities too — about 3.5× slower. Here the
/// decryption is compiled into the shaper of the types that need it, and reads only the shadow values the binding
/// needs (an owned type's key), through the same value-buffer reads EF Core uses, so relational providers turn them
/// into reads of the query's columns.
/// </remarks>
internal sealed class EncryptedMaterializerSource(StructuralTypeMaterializerSourceDependencies dependencies)
    : StructuralTypeMaterializerSource(dependencies), IStructuralTypeMaterializerSource
{
    private static readonly MethodInfo MaterializedMethod =
        typeof(EncryptedPropertyMaterializer).GetMethod(nameof(EncryptedPropertyMaterializer.Materialized))!;

    /// <inheritdoc/>
    Expression IStructuralTypeMaterializerSource.CreateMaterializeExpression(
        StructuralTypeMaterializerSourceParameters parameters,
        Expression materializationContextExpression)
    {
        var materialize = CreateMaterializeExpression(parameters, materializationContextExpression);
        if (parameters.StructuralType is not IEntityType entityType || EncryptedPropertyAccessor.Of(entityType).Length == 0)
        {
            return materialize;
        }

        var shadow = EncryptedPropertyMaterializer.ShadowValuesOf(entityType);
        var valueBuffer = Expression.Call(materializationContextExpression, MaterializationContext.GetValueBufferMethod);
        Expression shadowValues = shadow.Length == 0
            ? Expression.Constant(null, typeof(object[]))
            : Expression.NewArrayInit(
                typeof(object),
                shadow.Select(p => Expression.Convert(valueBuffer.CreateValueBufferReadValueExpression(p.ClrType, p.GetIndex(), p), typeof(object))));

        return Expression.Convert(
            Expression.Call(
                Expression.Constant(EncryptedPropertyMaterializer.Instance),
                MaterializedMethod,
                Expression.Constant(entityType, typeof(IEntityType)),
                Expression.Convert(materialize, typeof(object)),
                materializationContextExpression,
                shadowValues),
            materialize.Type);
    }
}
