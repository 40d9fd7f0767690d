using System.Runtime.CompilerServices;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// The ciphertext instances the save interceptor produced. The column guard lets exactly these reach the database:
/// by reference, so no value typed or copied by the app (however much it looks like ciphertext) passes as one.
/// </summary>
internal static class SealedValues
{
    private static readonly ConditionalWeakTable<object, object> Sealed = [];
    private static readonly object Marker = new();

    public static T Seal<T>(T value)
        where T : class
    {
        Sealed.AddOrUpdate(value, Marker);
        return value;
    }

    public static bool IsSealed(object value) => Sealed.TryGetValue(value, out _);
}
