using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>
/// A key store that "crashes" just before its n-th write: that write and every call after it throw, as if the process
/// died there. The inner store is what a restarted process finds.
/// </summary>
internal sealed class FaultyKeyStore(IFieldKeyStore inner, int crashBeforeWrite) : IFieldKeyStore
{
    private int _writes;
    private volatile bool _crashed;

    public bool Crashed => _crashed;

    public ValueTask<IReadOnlyList<FieldKeyRecord>> GetAllAsync(CancellationToken cancellationToken)
    {
        ThrowIfCrashed();
        return inner.GetAllAsync(cancellationToken);
    }

    public ValueTask<bool> TryAddAsync(FieldKeyRecord key, CancellationToken cancellationToken)
    {
        BeforeWrite();
        return inner.TryAddAsync(key, cancellationToken);
    }

    public ValueTask UpdateAsync(FieldKeyRecord key, CancellationToken cancellationToken)
    {
        BeforeWrite();
        return inner.UpdateAsync(key, cancellationToken);
    }

    public ValueTask<bool> TryUpdateAsync(FieldKeyRecord key, FieldKeyRecord expected, CancellationToken cancellationToken)
    {
        BeforeWrite();
        return inner.TryUpdateAsync(key, expected, cancellationToken);
    }

    private void BeforeWrite()
    {
        ThrowIfCrashed();
        if (Interlocked.Increment(ref _writes) == crashBeforeWrite)
        {
            _crashed = true;
            ThrowIfCrashed();
        }
    }

    private void ThrowIfCrashed()
    {
        if (_crashed)
        {
            throw new SimulatedCrashException();
        }
    }
}

/// <summary>Thrown by <see cref="FaultyKeyStore"/> where the process would have died.</summary>
internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("simulated crash")
    {
    }
}
