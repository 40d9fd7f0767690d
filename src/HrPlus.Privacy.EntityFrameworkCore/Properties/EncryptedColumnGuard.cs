using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// The value converter every encrypted property carries. Towards the database it lets through only the ciphertexts
/// that the save interceptor made: anything else on its way into an encrypted column (a save on a context without
/// <c>UseHrPlusPrivacy(serviceProvider)</c>, a value compared in a query, seed data) is refused instead of being
/// stored as plaintext. From the database it passes values on unchanged to the materializer, which decrypts them;
/// the guard that <c>IsEncrypted()</c> sets refuses them instead, and only the model of a context with the hook has
/// it replaced (<see cref="EncryptedAttributeConvention"/>), so a context without the hook never hands out ciphertext.
/// </summary>
/// <remarks>
/// Both directions are calls of <see cref="EncryptedColumnChecks"/> with the property's name as a text constant, so
/// <c>dotnet ef dbcontext optimize</c> can write the converter into a compiled model.
/// </remarks>
internal sealed class EncryptedColumnGuard<T> : ValueConverter<T, T>
    where T : class
{
    public EncryptedColumnGuard(string entity, string property, bool hooked)
        : base(Call(nameof(EncryptedColumnChecks.ToColumn), $"{entity}.{property}"), hooked ? v => v : Call(nameof(EncryptedColumnChecks.FromColumnWithoutHook), $"{entity}.{property}"))
    {
        Hooked = hooked;
    }

    /// <summary>Gets whether this guard belongs to the model of a context with <c>UseHrPlusPrivacy(serviceProvider)</c>.</summary>
    public bool Hooked { get; }

    private static Expression<Func<T, T>> Call(string method, string name)
    {
        var value = Expression.Parameter(typeof(T), "v");
        var check = typeof(EncryptedColumnChecks).GetMethod(method, [typeof(T), typeof(string)])!;
        return Expression.Lambda<Func<T, T>>(Expression.Call(check, value, Expression.Constant(name)), value);
    }
}
