using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Changes;

/// <summary>
/// Two instances (two service providers, two connection pools, one database) on the throw-away PostgreSQL: what one
/// changes, the other sees within a second, through LISTEN/NOTIFY alone (the polling intervals are 10 s and 5 min).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ChangeNotificationTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly FieldContext PupilIin = FieldContext.For("Pupil", "Iin");
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly DirectoryInfo _dataProtectionKeys = Directory.CreateTempSubdirectory("hrplus-dp-");
    private readonly List<ServiceProvider> _instances = [];
    private NpgsqlProvider? _database;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            foreach (var service in instance.GetServices<IHostedService>())
            {
                await service.StopAsync(CancellationToken.None);
            }

            await instance.DisposeAsync();
        }

        _dataProtectionKeys.Delete(recursive: true);
    }

    [SkippableFact]
    public async Task Block_OnA_BRefusesWithinOneSecond()
    {
        var (a, b) = await TwoInstancesAsync();
        var stored = a.GetRequiredService<IFieldEncryptor>().Encrypt("100412500013", PupilIin.WithSubject("pupil-1"));
        Assert.Equal("100412500013", b.GetRequiredService<IFieldEncryptor>().Decrypt(stored, PupilIin.WithSubject("pupil-1")));

        await a.GetRequiredService<ISubjectBlocking>().BlockAsync("pupil-1", "accuracy disputed", BlockRequester.Subject, "operator-1");

        await WithinWindowAsync(() => Reason(() => b.GetRequiredService<IFieldEncryptor>().Decrypt(stored, PupilIin.WithSubject("pupil-1"))) == FieldDecryptionFailureReason.SubjectBlocked);

        await a.GetRequiredService<ISubjectBlocking>().UnblockAsync("pupil-1", "operator-2");
        await WithinWindowAsync(() => Reason(() => b.GetRequiredService<IFieldEncryptor>().Decrypt(stored, PupilIin.WithSubject("pupil-1"))) is null);
    }

    [SkippableFact]
    public async Task Erase_OnA_BReportsKeyDestroyedWithinOneSecond()
    {
        var (a, b) = await TwoInstancesAsync();
        var stored = a.GetRequiredService<IFieldEncryptor>().Encrypt("100412500013", PupilIin.WithSubject("pupil-1"));
        Assert.Equal("100412500013", b.GetRequiredService<IFieldEncryptor>().Decrypt(stored, PupilIin.WithSubject("pupil-1")));

        var result = await a.GetRequiredService<ISubjectErasure>().EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "subject request" });

        Assert.Equal(1, result.KeysDestroyed);
        await WithinWindowAsync(() => Reason(() => b.GetRequiredService<IFieldEncryptor>().Decrypt(stored, PupilIin.WithSubject("pupil-1"))) == FieldDecryptionFailureReason.KeyDestroyed);
    }

    [SkippableFact]
    public async Task Rotate_OnA_BEncryptsUnderTheNewKeyWithinOneSecond()
    {
        var (a, b) = await TwoInstancesAsync();
        var before = KeyIdOf(b.GetRequiredService<IFieldEncryptor>().Encrypt("100412500013", PupilIin));

        var rotated = await a.GetRequiredService<IFieldKeyRing>().RotateAsync();

        Assert.NotEqual(before, rotated.Id);
        await WithinWindowAsync(() => KeyIdOf(b.GetRequiredService<IFieldEncryptor>().Encrypt("100412500013", PupilIin)) == rotated.Id);
    }

    [SkippableFact]
    public async Task PolicyAndConsent_OnA_BSeesThemWithinOneSecond()
    {
        var (a, b) = await TwoInstancesAsync();
        var consentB = b.GetRequiredService<IConsentService>();
        Assert.Empty(await b.GetRequiredService<IPolicyRegistry>().ListAsync());
        Assert.Equal(ConsentDecision.NotGiven, await consentB.GetDecisionAsync("pupil-1", ConsentPurposes.Support));

        var version = await a.GetRequiredService<IPolicyRegistry>().PublishAsync(new PolicyDraft { Texts = [new PolicyText("ru", "Политика конфиденциальности")], ChangeKind = PolicyChangeKind.Material });
        await WithinWindowAsync(async () => (await b.GetRequiredService<IPolicyRegistry>().ListAsync()).Count == 1);

        await a.GetRequiredService<IConsentService>().GrantAsync(new ConsentRequest
        {
            SubjectId = "pupil-1",
            Purpose = ConsentPurposes.Support,
            PolicyVersion = version.Version,
            Language = "ru",
            GivenBy = ConsentGiver.Subject,
            ExpiresAt = DateTimeOffset.UtcNow.AddYears(1),
        });
        await WithinWindowAsync(async () => await consentB.GetDecisionAsync("pupil-1", ConsentPurposes.Support) == ConsentDecision.Granted);
    }

    [SkippableFact]
    public async Task ListeningBackendTerminated_BListensAgainAndSeesLaterChanges()
    {
        var (a, b) = await TwoInstancesAsync();
        var stored = a.GetRequiredService<IFieldEncryptor>().Encrypt("100412500013", PupilIin.WithSubject("pupil-1"));
        Assert.Equal("100412500013", b.GetRequiredService<IFieldEncryptor>().Decrypt(stored, PupilIin.WithSubject("pupil-1")));
        var listener = Listener(b);
        var backend = listener.BackendProcessId;
        Assert.NotEqual(0, backend);

        await using (var admin = new NpgsqlConnection(_database!.ConnectionString))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", admin);
            terminate.Parameters.AddWithValue("pid", backend);
            Assert.Equal(true, await terminate.ExecuteScalarAsync());
        }

        await WithinWindowAsync(() => listener.Listens == 2 && listener.BackendProcessId is not 0 && listener.BackendProcessId != backend);
        await a.GetRequiredService<ISubjectBlocking>().BlockAsync("pupil-1", "accuracy disputed", BlockRequester.Subject, "operator-1");
        await WithinWindowAsync(() => Reason(() => b.GetRequiredService<IFieldEncryptor>().Decrypt(stored, PupilIin.WithSubject("pupil-1"))) == FieldDecryptionFailureReason.SubjectBlocked);
    }

    [SkippableFact]
    public async Task ChangeWhileNobodyListened_IsPickedUpByTheFullRefreshAfterListeningAgain()
    {
        var (a, b) = await TwoInstancesAsync();
        var stored = a.GetRequiredService<IFieldEncryptor>().Encrypt("100412500013", PupilIin.WithSubject("pupil-1"));
        Assert.Equal("100412500013", b.GetRequiredService<IFieldEncryptor>().Decrypt(stored, PupilIin.WithSubject("pupil-1")));
        var listener = Listener(b);

        // B's listener is stopped, A blocks (the notification reaches nobody on B), then B listens again.
        await listener.StopAsync(CancellationToken.None);
        await a.GetRequiredService<ISubjectBlocking>().BlockAsync("pupil-1", "accuracy disputed", BlockRequester.Subject, "operator-1");
        await Task.Delay(200);
        Assert.Null(Reason(() => b.GetRequiredService<IFieldEncryptor>().Decrypt(stored, PupilIin.WithSubject("pupil-1"))));

        var again = ActivatorUtilities.CreateInstance<HrPlus.Privacy.EntityFrameworkCore.Changes.PostgresChangeListener<TestDbContext>>(b);
        await again.StartAsync(CancellationToken.None);
        try
        {
            await again.FirstListen;
            Assert.Equal(FieldDecryptionFailureReason.SubjectBlocked, Reason(() => b.GetRequiredService<IFieldEncryptor>().Decrypt(stored, PupilIin.WithSubject("pupil-1"))));
        }
        finally
        {
            await again.StopAsync(CancellationToken.None);
        }
    }

    [SkippableFact]
    public async Task ChangesFromAnotherProcess_AreSeenWithinOneSecond()
    {
        var (b, _) = await TwoInstancesAsync();
        var encryptor = b.GetRequiredService<IFieldEncryptor>();
        var one = encryptor.Encrypt("100412500013", PupilIin.WithSubject("pupil-1"));
        var two = encryptor.Encrypt("100412500400", PupilIin.WithSubject("pupil-2"));
        Assert.Equal("100412500013", encryptor.Decrypt(one, PupilIin.WithSubject("pupil-1")));
        Assert.Equal("100412500400", encryptor.Decrypt(two, PupilIin.WithSubject("pupil-2")));

        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { WriterPath(), "changes", _database!.ConnectionString, _dataProtectionKeys.FullName })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        try
        {
            Assert.Equal("ready", await process.StandardOutput.ReadLineAsync());
            await process.StandardInput.WriteLineAsync("block pupil-1");
            Assert.Equal("blocked", await process.StandardOutput.ReadLineAsync());
            await WithinWindowAsync(() => Reason(() => encryptor.Decrypt(one, PupilIin.WithSubject("pupil-1"))) == FieldDecryptionFailureReason.SubjectBlocked);

            await process.StandardInput.WriteLineAsync("erase pupil-2");
            Assert.Equal("erased 1", await process.StandardOutput.ReadLineAsync());
            await WithinWindowAsync(() => Reason(() => encryptor.Decrypt(two, PupilIin.WithSubject("pupil-2"))) == FieldDecryptionFailureReason.KeyDestroyed);

            await process.StandardInput.WriteLineAsync("rotate");
            var rotated = uint.Parse((await process.StandardOutput.ReadLineAsync())!["rotated ".Length..], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            await WithinWindowAsync(() => KeyIdOf(encryptor.Encrypt("100412500013", PupilIin)) == rotated);

            await process.StandardInput.WriteLineAsync("quit");
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static string WriterPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tests = output.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(tests, "HrPlus.Privacy.LedgerWriter", "bin", output.Parent.Name, output.Name, "HrPlus.Privacy.LedgerWriter.dll");
        Assert.True(File.Exists(path), $"The worker was not built at {path}.");
        return path;
    }

    private static HrPlus.Privacy.EntityFrameworkCore.Changes.PostgresChangeListener<TestDbContext> Listener(IServiceProvider instance) =>
        instance.GetServices<IHostedService>().OfType<HrPlus.Privacy.EntityFrameworkCore.Changes.PostgresChangeListener<TestDbContext>>().Single();

    private static FieldDecryptionFailureReason? Reason(Action decrypt)
    {
        try
        {
            decrypt();
            return null;
        }
        catch (FieldDecryptionException ex)
        {
            return ex.Reason;
        }
    }

    private static uint KeyIdOf(string ciphertext) =>
        BinaryPrimitives.ReadUInt32BigEndian(Base64Url.DecodeFromChars(ciphertext.AsSpan(FieldCiphertext.TextPrefix.Length)).AsSpan(1, 4));

    private static Task WithinWindowAsync(Func<bool> condition) => WithinWindowAsync(() => Task.FromResult(condition()));

    // The bound is the promise (another instance sees a change within a second), not a performance measurement.
    private static async Task WithinWindowAsync(Func<Task<bool>> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < Window, $"Not seen by the other instance within {Window.TotalSeconds} s.");
            await Task.Delay(10);
        }
    }

    private async Task<(ServiceProvider A, ServiceProvider B)> TwoInstancesAsync()
    {
        Skip.If(PostgresServer.SkipReason is not null, PostgresServer.SkipReason);
        _database = new NpgsqlProvider(postgres.NewConnectionString());
        _database.EnsureCreated();
        return (await StartAsync(), await StartAsync());
    }

    private async Task<ServiceProvider> StartAsync()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_dataProtectionKeys).SetApplicationName("hrplus-change-tests");
        _database!.AddContext(services);
        services.AddHrPlusPrivacy(o =>
        {
            o.Encryption.PerSubjectKeys = true;
            o.Encryption.EpochKeyDirectory = Path.Combine(_dataProtectionKeys.FullName, "epoch-keys");
            o.Consent.OperatorName = "ТОО «HR+ Мониторинг»";
            o.Consent.OperatorBin = "150340000015";
        }).UseEntityFrameworkCoreStores<TestDbContext>();
        var instance = services.BuildServiceProvider();
        _instances.Add(instance);
        var listener = Listener(instance);
        await listener.StartAsync(CancellationToken.None);
        await listener.FirstListen;
        return instance;
    }
}
