namespace HrPlus.Privacy.Subjects;

/// <summary>The lock of a store that has none across instances: each instance runs its erasures on its own.</summary>
internal sealed class NoErasureLock : IAsyncDisposable
{
    public static readonly NoErasureLock Instance = new();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
