using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Policies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.DependencyInjection;

/// <summary>A host context whose <c>OnModelCreating</c> forgot <c>modelBuilder.UseHrPlusPrivacy()</c>.</summary>
public sealed class MissingModelTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public MissingModelTests() => _connection.Open();

    public void Dispose() => _connection.Dispose();

    [Fact]
    public async Task PolicyStore_OnAContextWithoutUseHrPlusPrivacy_SaysWhatToAdd()
    {
        await using var provider = Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await provider.GetRequiredService<IPolicyRegistry>().ListAsync());

        Assert.Equal(Expected, error.Message);
    }

    [Fact]
    public async Task FieldKeyStore_OnAContextWithoutUseHrPlusPrivacy_SaysWhatToAdd()
    {
        await using var provider = Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await provider.GetRequiredService<IFieldKeyStore>().GetAllAsync(CancellationToken.None));

        Assert.Equal(Expected, error.Message);
    }

    private const string Expected =
        "The model of ForgetfulDbContext has no HrPlus.Privacy tables: UseEntityFrameworkCoreStores<ForgetfulDbContext>() needs " +
        "modelBuilder.UseHrPlusPrivacy() in ForgetfulDbContext.OnModelCreating (namespace Microsoft.EntityFrameworkCore), " +
        "then a migration (dotnet ef migrations add) or Database.EnsureCreated() to create them.";

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddDbContext<ForgetfulDbContext>(o => o.UseSqlite(_connection));
        services.AddHrPlusPrivacy().UseEntityFrameworkCoreStores<ForgetfulDbContext>();
        return services.BuildServiceProvider();
    }

    private sealed class ForgetfulDbContext(DbContextOptions<ForgetfulDbContext> options) : DbContext(options)
    {
        public DbSet<Note> Notes => Set<Note>();
    }

    private sealed class Note
    {
        public int Id { get; set; }

        public string Text { get; set; } = "";
    }
}
