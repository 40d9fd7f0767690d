using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HrPlus.Privacy.Tests.Encryption;

public sealed class DataProtectionPersistenceCheckTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hrplus-dp-check-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Start_WithoutDataProtectionPersistence_WarnsOnceWithTheFix()
    {
        var logs = await StartAsync(s => s.AddDataProtection().SetApplicationName("dp-check"));

        var warning = Assert.Single(logs, r => r.Id.Id == 1011);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("PersistKeysToFileSystem", warning.Message, StringComparison.Ordinal);
        Assert.Contains("redeploy", warning.Message, StringComparison.Ordinal);
        // The fix is persistence of this app's own ring, never one ring shared by several apps.
        Assert.DoesNotContain("share", warning.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SetApplicationName", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithEphemeralDataProtection_WarnsThatKeysAreInMemoryOnly()
    {
        var logs = await StartAsync(s => s.AddDataProtection().UseEphemeralDataProtectionProvider());

        var warning = Assert.Single(logs, r => r.Id.Id == 1011);
        Assert.Contains("in memory only", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithKeysPersistedToAFolder_DoesNotWarn()
    {
        var logs = await StartAsync(s => s.AddDataProtection().PersistKeysToFileSystem(_root.CreateSubdirectory("dp")));

        Assert.DoesNotContain(logs, r => r.Id.Id == 1011);
    }

    [Theory]
    [InlineData("Production", true)]
    [InlineData("Staging", true)]
    [InlineData("Development", false)]
    public async Task Start_KeysPersistedWithoutAnXmlEncryptor_OutsideDevelopment_WarnsWhatAReaderOfThemCanUnwrap(string environment, bool warns)
    {
        var folder = _root.CreateSubdirectory("dp");

        var logs = await StartAsync(s => s.AddDataProtection().PersistKeysToFileSystem(folder), environment);

        if (warns)
        {
            var warning = Assert.Single(logs, r => r.Id.Id == 1034);
            Assert.Equal(LogLevel.Warning, warning.Level);
            Assert.Contains("whoever reads that table or folder can unwrap every field key, checkpoint key and epoch key", warning.Message, StringComparison.Ordinal);
            Assert.Contains(folder.FullName, warning.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain(logs, r => r.Id.Id == 1034);
        }
    }

    [Fact]
    public async Task Start_KeysPersistedAndEncryptedAtRest_DoesNotWarnAboutEncryption()
    {
        var folder = _root.CreateSubdirectory("dp");

        var logs = await StartAsync(
            s => s.AddDataProtection().PersistKeysToFileSystem(folder).AddKeyManagementOptions(o => o.XmlEncryptor = new Microsoft.AspNetCore.DataProtection.XmlEncryption.NullXmlEncryptor()),
            "Production");

        Assert.DoesNotContain(logs, r => r.Id.Id == 1034);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "dp-check";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }

    private async Task<IReadOnlyList<FakeLogRecord>> StartAsync(Action<IServiceCollection> dataProtection, string? environment = null)
    {
        var collector = new FakeLogCollector();
        var services = new ServiceCollection();
        if (environment is not null)
        {
            services.AddSingleton<IHostEnvironment>(new Environment(environment));
        }

        services.AddLogging(b => b.AddProvider(new FakeLoggerProvider(collector)));
        dataProtection(services);
        services.AddHrPlusPrivacy(o => o.Encryption.KeyDirectory = Path.Combine(_root.FullName, "field-keys"));
        await using var app = services.BuildServiceProvider();
        foreach (var hosted in app.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        foreach (var hosted in app.GetServices<IHostedService>())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        return collector.GetSnapshot();
    }
}
