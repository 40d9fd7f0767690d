using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Subjects;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tests.Subjects;

/// <summary>Blocks are never lost to a stale background read, and the verification path checks and records the block.</summary>
public sealed class BlockConsistencyTests
{
    private static readonly FieldContext PupilIin = FieldContext.For("Pupil", "Iin");

    [Fact]
    public async Task Refresh_ThatReadTheStoreBeforeALocalBlockWasSaved_DoesNotUndoTheBlock()
    {
        var store = new GatedBlockStore();
        using var host = new SubjectTestHost(perSubjectKeys: false, services: s => s.AddSingleton<IBlockStore>(store));
        var stored = host.Encryptor.Encrypt("100412500013", PupilIin.WithSubject("pupil-1"));
        Assert.False(host.Blocking.IsBlocked("pupil-1"));
        var list = host.Services.GetRequiredService<SubjectBlockList>();

        var gate = store.Arm();
        var refresh = list.RefreshAsync(CancellationToken.None).AsTask();   // reads the store: no block yet
        await gate.Reading;
        await host.Blocking.BlockAsync("pupil-1", "accuracy disputed", BlockRequester.Subject, "pupil-1");
        gate.Release();
        await refresh;

        Assert.True(host.Blocking.IsBlocked("pupil-1"));
        Assert.Equal(FieldDecryptionFailureReason.SubjectBlocked, Assert.Throws<FieldDecryptionException>(() => host.Encryptor.Decrypt(stored, PupilIin.WithSubject("pupil-1"))).Reason);

        // The next read sees the block in the store, and the local change is no longer needed.
        await list.RefreshAsync(CancellationToken.None);
        Assert.True(host.Blocking.IsBlocked("pupil-1"));
    }

    [Fact]
    public async Task Refresh_ThatReadTheStoreBeforeALocalUnblock_DoesNotBringTheBlockBack()
    {
        var store = new GatedBlockStore();
        using var host = new SubjectTestHost(perSubjectKeys: false, services: s => s.AddSingleton<IBlockStore>(store));
        await host.Blocking.BlockAsync("pupil-1", "accuracy disputed", BlockRequester.Subject, "pupil-1");
        var list = host.Services.GetRequiredService<SubjectBlockList>();

        var gate = store.Arm();
        var refresh = list.RefreshAsync(CancellationToken.None).AsTask();
        await gate.Reading;
        await host.Blocking.UnblockAsync("pupil-1", "operator-1");
        gate.Release();
        await refresh;

        Assert.False(host.Blocking.IsBlocked("pupil-1"));
    }

    [Fact]
    public async Task DecryptForVerification_RecordsWhoAskedUnderWhichBlock_AndRefusesAnUnblockedSubject()
    {
        using var host = new SubjectTestHost(perSubjectKeys: false);
        var stored = host.Encryptor.Encrypt("100412500013", PupilIin.WithSubject("pupil-1"));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await host.Blocking.DecryptForVerificationAsync(stored, PupilIin.WithSubject("pupil-1"), "operator-7", "verify-accuracy"));
        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Blocking.DecryptForVerificationAsync(stored, PupilIin, "operator-7", "verify-accuracy"));
        Assert.Empty(await host.Audit.GetBySubjectAsync("pupil-1"));

        var block = await host.Blocking.BlockAsync("pupil-1", "accuracy disputed", BlockRequester.LegalRepresentative, "operator-7");
        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Blocking.DecryptForVerificationAsync(stored, PupilIin.WithSubject("pupil-1"), "", "verify-accuracy"));
        var value = await host.Blocking.DecryptForVerificationAsync(stored, PupilIin.WithSubject("pupil-1"), "operator-8", "verify-accuracy");

        Assert.Equal("100412500013", value);
        var entry = (await host.Audit.GetBySubjectAsync("pupil-1"))[^1];
        Assert.Equal(
            (AuditOperation.Decrypt, "operator-8", "verify-accuracy", "Pupil.Iin", "verification under block " + block.Id.ToString("D")),
            (entry.Operation, entry.Actor, entry.Purpose, entry.Target, entry.Detail));
    }

    /// <summary>A block store whose next read of the active blocks takes its answer at once and returns it when released.</summary>
    private sealed class GatedBlockStore : IBlockStore
    {
        private readonly InMemoryBlockStore _inner = new();
        private Gate? _gate;

        public Gate Arm() => _gate = new Gate();

        public ValueTask AddAsync(SubjectBlock block, CancellationToken cancellationToken) => _inner.AddAsync(block, cancellationToken);

        public ValueTask UpdateAsync(SubjectBlock block, CancellationToken cancellationToken) => _inner.UpdateAsync(block, cancellationToken);

        public ValueTask<IReadOnlyList<SubjectBlock>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken) => _inner.GetBySubjectAsync(subjectId, cancellationToken);

        public async ValueTask<IReadOnlyList<SubjectBlock>> GetActiveAsync(CancellationToken cancellationToken)
        {
            var answer = await _inner.GetActiveAsync(cancellationToken);
            if (Interlocked.Exchange(ref _gate, null) is { } gate)
            {
                gate.StartedReading();
                await gate.Released;
            }

            return answer;
        }
    }

    private sealed class Gate
    {
        private readonly TaskCompletionSource _reading = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reading => _reading.Task;

        public Task Released => _released.Task;

        public void StartedReading() => _reading.SetResult();

        public void Release() => _released.SetResult();
    }
}
