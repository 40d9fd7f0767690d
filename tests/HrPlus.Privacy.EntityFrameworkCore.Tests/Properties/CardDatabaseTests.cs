using HrPlus.Privacy.EntityFrameworkCore.Properties;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

/// <summary>A database of <see cref="Card"/> rows behind a <see cref="CardDbContext"/>.</summary>
public abstract class CardDatabaseTests : CardDatabaseTests<CardDbContext>;

/// <summary>A database of <see cref="Card"/> rows behind a <typeparamref name="TContext"/>, with raw SQL helpers.</summary>
public abstract class CardDatabaseTests<TContext> : IDisposable
    where TContext : DbContext
{
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("hrplus-dp-");
    private ServiceProvider? _provider;

    protected abstract DatabaseProvider Database { get; }

    protected bool PerSubjectKeys { get; set; }

    /// <summary>Gets whether the context is registered with <c>AddDbContextPool</c> instead of <c>AddDbContext</c>.</summary>
    protected virtual bool Pooled => false;

    public virtual void Dispose()
    {
        _provider?.Dispose();
        _keys.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    protected ServiceProvider Provider => _provider ??= Build();

    private ServiceProvider Build()
    {
        Database.SkipIfUnavailable();
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_keys).SetApplicationName("hrplus-ef-tests");
        if (Pooled)
        {
            services.AddDbContextPool<TContext>((sp, o) => Database.Configure(o.UseHrPlusPrivacy(sp)));
        }
        else
        {
            services.AddDbContext<TContext>((sp, o) => Database.Configure(o.UseHrPlusPrivacy(sp)));
        }

        var perSubjectKeys = PerSubjectKeys;
        services.AddHrPlusPrivacy(o => { o.Encryption.PerSubjectKeys = perSubjectKeys; o.Encryption.EpochKeyDirectory = Path.Combine(_keys.FullName, "epoch-keys"); }).UseEntityFrameworkCoreStores<TContext>();
        var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<TContext>().Database.EnsureCreated();
        return provider;
    }

    protected async Task AddAsync(params Card[] cards)
    {
        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        db.Set<Card>().AddRange(cards);
        await db.SaveChangesAsync();
    }

    protected async Task<Card> LoadAsync(Guid id)
    {
        await using var scope = Provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TContext>().Set<Card>().AsNoTracking().SingleAsync(c => c.Id == id);
    }

    protected async Task SqlAsync(Func<TContext, Task<int>> command)
    {
        await using var scope = Provider.CreateAsyncScope();
        Assert.Equal(1, await command(scope.ServiceProvider.GetRequiredService<TContext>()));
    }

    protected async Task<string?> RawAsync(Guid id, string column)
    {
        await using var scope = Provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var query = column switch
        {
            "Name" => db.Database.SqlQuery<string?>($"SELECT \"Name\" AS \"Value\" FROM \"Cards\" WHERE \"Id\" = {id}"),
            "Note" => db.Database.SqlQuery<string?>($"SELECT \"Note\" AS \"Value\" FROM \"Cards\" WHERE \"Id\" = {id}"),
            "Remark" => db.Database.SqlQuery<string?>($"SELECT \"Remark\" AS \"Value\" FROM \"Cards\" WHERE \"Id\" = {id}"),
            "Iin" => db.Database.SqlQuery<string?>($"SELECT \"Iin\" AS \"Value\" FROM \"Cards\" WHERE \"Id\" = {id}"),
            _ => throw new ArgumentOutOfRangeException(nameof(column), column, "Not an encrypted column of Cards."),
        };
        return await query.SingleAsync();
    }

    protected sealed class SynchronousProgress(Action<EncryptionMigrationProgress> report) : IProgress<EncryptionMigrationProgress>
    {
        public void Report(EncryptionMigrationProgress value) => report(value);
    }
}
