using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HrPlus.Privacy.Tests.Encryption;

public sealed class LegacyFieldKeyMigrationTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hrplus-legacy-");
    private readonly EphemeralDataProtectionProvider _thisApp = new();
    private readonly EphemeralDataProtectionProvider _otherApp = new();
    private readonly FakeLogger _logger = new();
    private readonly FileSystemFieldKeyStore _legacy;
    private readonly FileSystemFieldKeyStore _target;

    public LegacyFieldKeyMigrationTests()
    {
        _legacy = new FileSystemFieldKeyStore(new DirectoryInfo(Path.Combine(_root.FullName, "old")));
        _target = new FileSystemFieldKeyStore(new DirectoryInfo(Path.Combine(_root.FullName, "new")));
    }

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Move_OwnRecords_MovedOnceOthersAndDestroyedStay()
    {
        var own = Wrapped(1, _thisApp);
        var retired = Wrapped(2, _thisApp) with { State = FieldKeyState.Retired, RetiredAt = FieldKeyStoreContractTests.Now };
        var foreign = Wrapped(3, _otherApp);
        var destroyed = FieldKeyStoreContractTests.Destroyed(FieldKeyStoreContractTests.Record(4));
        foreach (var record in new[] { own, retired, foreign, destroyed })
        {
            await _legacy.TryAddAsync(record, CancellationToken.None);
        }

        Assert.Equal(2, await MoveAsync());
        Assert.Equal(0, await MoveAsync());

        Assert.Equal([1u, 2u], (await _target.GetAllAsync(CancellationToken.None)).Select(r => r.Id).Order());
        Assert.Equal(retired with { WrappedKey = null }, (await _target.GetAllAsync(CancellationToken.None)).Single(r => r.Id == 2) with { WrappedKey = null });
        Assert.Equal([3u, 4u], (await _legacy.GetAllAsync(CancellationToken.None)).Select(r => r.Id).Order());
        Assert.Equal(1023, Assert.Single(_logger.Collector.GetSnapshot()).Id.Id);
    }

    [Fact]
    public async Task Move_InterruptedAfterTheCopy_DeletesTheOldFileWithoutASecondCopy()
    {
        var own = Wrapped(1, _thisApp);
        await _legacy.TryAddAsync(own, CancellationToken.None);
        await _target.TryAddAsync(own, CancellationToken.None);

        Assert.Equal(1, await MoveAsync());

        Assert.Empty(await _legacy.GetAllAsync(CancellationToken.None));
        Assert.Single(await _target.GetAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Move_CopyDestroyedSinceTheInterruptedMove_OldKeyIsDeletedNotBroughtBack()
    {
        var own = Wrapped(1, _thisApp);
        await _legacy.TryAddAsync(own, CancellationToken.None);
        await _target.TryAddAsync(FieldKeyStoreContractTests.Destroyed(own), CancellationToken.None);

        await MoveAsync();

        Assert.Empty(await _legacy.GetAllAsync(CancellationToken.None));
        var kept = Assert.Single(await _target.GetAllAsync(CancellationToken.None));
        Assert.Equal(FieldKeyState.Destroyed, kept.State);
        Assert.Null(kept.WrappedKey);
    }

    [Fact]
    public async Task Move_IdTakenByAnotherKey_OldStaysWithWarning()
    {
        await _legacy.TryAddAsync(Wrapped(1, _thisApp), CancellationToken.None);
        var other = Wrapped(1, _thisApp) with { CreatedAt = FieldKeyStoreContractTests.Now.AddDays(3) };
        await _target.TryAddAsync(other, CancellationToken.None);

        Assert.Equal(0, await MoveAsync());

        Assert.Single(await _legacy.GetAllAsync(CancellationToken.None));
        Assert.Equal(other.WrappedKey, Assert.Single(await _target.GetAllAsync(CancellationToken.None)).WrappedKey);
        var warning = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(1024, warning.Id.Id);
    }

    [Fact]
    public async Task Move_NewFolderUnwritable_LogsErrorKeepsTheOldKeyAndDoesNotStopTheStart()
    {
        await _legacy.TryAddAsync(Wrapped(1, _thisApp), CancellationToken.None);
        var blocked = new FileSystemFieldKeyStore(new DirectoryInfo(Path.Combine(_root.FullName, "new")), new FaultyKeyFileSystem { DiskFull = true });

        Assert.Equal(0, await LegacyFieldKeyMigration.MoveOwnKeysAsync(_legacy, blocked, _thisApp, _logger, CancellationToken.None));

        Assert.Single(await _legacy.GetAllAsync(CancellationToken.None));
        Assert.Empty(await _target.GetAllAsync(CancellationToken.None));
        var error = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Equal(1025, error.Id.Id);
    }

    [Fact]
    public async Task Move_OldFolderIsTheNewFolder_DeletesNothing()
    {
        await _target.TryAddAsync(Wrapped(1, _thisApp), CancellationToken.None);
        var same = new FileSystemFieldKeyStore(new DirectoryInfo(_target.Directory.FullName + Path.DirectorySeparatorChar));

        Assert.Equal(0, await LegacyFieldKeyMigration.MoveOwnKeysAsync(same, _target, _thisApp, _logger, CancellationToken.None));

        Assert.Single(await _target.GetAllAsync(CancellationToken.None));
    }

    private async Task<int> MoveAsync() =>
        await LegacyFieldKeyMigration.MoveOwnKeysAsync(_legacy, _target, _thisApp, _logger, CancellationToken.None);

    private static FieldKeyRecord Wrapped(uint id, IDataProtectionProvider dataProtection) =>
        FieldKeyStoreContractTests.Record(id) with
        {
            WrappedKey = dataProtection.CreateProtector(FieldKeyRing.ProtectorPurpose).Protect(new byte[32]),
        };
}
