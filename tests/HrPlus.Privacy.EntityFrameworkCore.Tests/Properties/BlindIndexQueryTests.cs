using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using HrPlus.Privacy.Identifiers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

public sealed class Guardian
{
    public Guid Id { get; set; }

    public string? Iin { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }
}

public sealed class GuardianDbContext(DbContextOptions<GuardianDbContext> options, int bits) : DbContext(options)
{
    public DbSet<Guardian> Guardians => Set<Guardian>();

    public int Bits => bits;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseHrPlusPrivacy();
        var guardian = modelBuilder.Entity<Guardian>();
        guardian.Property(g => g.Iin).IsEncrypted().HasBlindIndex("IinIndex", BlindIndexNormalization.Iin, bits);
        guardian.Property(g => g.Phone).IsEncrypted().HasBlindIndex("PhoneIndex", BlindIndexNormalization.Phone, bits);
        guardian.Property(g => g.Email).IsEncrypted().HasBlindIndex("EmailIndex", BlindIndexNormalization.Email, bits);
    }
}

/// <summary>Finding rows by IIN, phone and e-mail through blind indexes, with a normal and a 4-bit index.</summary>
public abstract class BlindIndexQueryTests : IDisposable
{
    private const int Rows = 300;
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("hrplus-dp-");
    private readonly List<ServiceProvider> _providers = [];

    protected abstract DatabaseProvider Database { get; }

    public virtual void Dispose()
    {
        _providers.ForEach(p => p.Dispose());
        _keys.Delete(recursive: true);
    }

    [SkippableTheory]
    [InlineData(32)]
    [InlineData(4)]
    public async Task FindByEncryptedValue_IinPhoneAndEmail_ReturnsExactlyTheMatchingRow(int bits)
    {
        var provider = Build(bits);
        var guardians = await SeedAsync(provider);
        var target = guardians[137];

        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuardianDbContext>();
        var byIin = await db.Guardians.FindByEncryptedValueAsync(g => g.Iin, $"{target.Iin![..6]} {target.Iin[6..]}");
        var byPhone = await db.Guardians.FindByEncryptedValueAsync(g => g.Phone, "8 (" + target.Phone![2..5] + ") " + target.Phone[5..]);
        var byEmail = await db.Guardians.FindByEncryptedValueAsync(g => g.Email, "  " + target.Email!.ToUpperInvariant());

        Assert.Equal(target.Id, Assert.Single(byIin).Id);
        Assert.Equal(target.Id, Assert.Single(byPhone).Id);
        Assert.Equal(target.Id, Assert.Single(byEmail).Id);
        Assert.Equal(target.Iin, byIin[0].Iin);

        var candidates = await db.Guardians.WhereBlindIndexMatches(g => g.Iin, target.Iin).CountAsync();
        if (bits == 4)
        {
            // 300 rows over 16 index values: coincidences are certain, yet the exact lookup above found one row.
            Assert.InRange(candidates, 2, Rows);
        }
        else
        {
            Assert.Equal(1, candidates);
        }
    }

    [SkippableFact]
    public async Task FindByEncryptedValue_NoSuchOrInvalidValue_ReturnsNothing()
    {
        var provider = Build(32);
        await SeedAsync(provider);
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuardianDbContext>();

        Assert.Empty(await db.Guardians.FindByEncryptedValueAsync(g => g.Iin, "851130300016"));
        Assert.Empty(await db.Guardians.FindByEncryptedValueAsync(g => g.Iin, "not an iin"));
        Assert.Empty(await db.Guardians.FindByEncryptedValueAsync(g => g.Email, "nobody@example.kz"));
    }

    [SkippableFact]
    public async Task IndexColumn_HoldsNoPlaintext_FollowsUpdates_AndClearsOnNull()
    {
        var provider = Build(32);
        var guardian = new Guardian { Id = Guid.NewGuid(), Iin = "100412500013", Phone = "+77011234567", Email = "aigerim@mail.kz" };
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuardianDbContext>();
            db.Guardians.Add(guardian);
            await db.SaveChangesAsync();
        }

        var before = await RawIndexAsync(provider, guardian.Id);
        Assert.NotNull(before.Iin);
        Assert.DoesNotContain("100412500013", before.Iin, StringComparison.Ordinal);

        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuardianDbContext>();
            var loaded = await db.Guardians.SingleAsync(g => g.Id == guardian.Id);
            loaded.Phone = "+77019876543";
            loaded.Email = null;
            await db.SaveChangesAsync();
        }

        var after = await RawIndexAsync(provider, guardian.Id);
        Assert.Equal(before.Iin, after.Iin);
        Assert.NotEqual(before.Phone, after.Phone);
        Assert.Null(after.Email);
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuardianDbContext>();
            Assert.Single(await db.Guardians.FindByEncryptedValueAsync(g => g.Phone, "87019876543"));
            Assert.Empty(await db.Guardians.FindByEncryptedValueAsync(g => g.Phone, "87011234567"));
        }
    }

    private ServiceProvider Build(int bits)
    {
        Database.SkipIfUnavailable();
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_keys).SetApplicationName("hrplus-ef-tests");
        services.AddScoped(sp =>
        {
            var options = new DbContextOptionsBuilder<GuardianDbContext>();
            Database.Configure(options.UseHrPlusPrivacy(sp).ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, BitsModelCacheKeyFactory>());
            return new GuardianDbContext(options.Options, bits);
        });
        services.AddHrPlusPrivacy().UseEntityFrameworkCoreStores<GuardianDbContext>();
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<GuardianDbContext>().Database.EnsureCreated();
        return provider;
    }

    private static async Task<List<Guardian>> SeedAsync(ServiceProvider provider)
    {
        var guardians = new List<Guardian>();
        var serial = 0;
        while (guardians.Count < Rows)
        {
            if (!Iin.Create(new DateOnly(1980, 1, 1).AddDays(guardians.Count * 17), Sex.Female, serial++ % 10_000, out var iin))
            {
                continue;
            }

            var n = guardians.Count;
            guardians.Add(new Guardian { Id = Guid.NewGuid(), Iin = iin.ToString(), Phone = $"+7701{n:D7}", Email = $"parent{n}@mektep.kz" });
        }

        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuardianDbContext>();
        db.Guardians.AddRange(guardians);
        await db.SaveChangesAsync();
        return guardians;
    }

    private static async Task<(string? Iin, string? Phone, string? Email)> RawIndexAsync(ServiceProvider provider, Guid id)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuardianDbContext>();
        var row = await db.Guardians.AsNoTracking()
            .Where(g => g.Id == id)
            .Select(g => new { Iin = EF.Property<string?>(g, "IinIndex"), Phone = EF.Property<string?>(g, "PhoneIndex"), Email = EF.Property<string?>(g, "EmailIndex") })
            .SingleAsync();
        return (row.Iin, row.Phone, row.Email);
    }

    /// <summary>The index length is part of the model, so models with different lengths are cached apart.</summary>
    private sealed class BitsModelCacheKeyFactory : Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => (context.GetType(), ((GuardianDbContext)context).Bits, designTime);
    }
}

public sealed class SqliteBlindIndexQueryTests : BlindIndexQueryTests
{
    private readonly SqliteProvider _database = new();

    protected override DatabaseProvider Database => _database;

    public override void Dispose()
    {
        base.Dispose();
        _database.Dispose();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresBlindIndexQueryTests(PostgresFixture postgres) : BlindIndexQueryTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;
}
