using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>A database the same store test suite runs against: a SQLite file or a PostgreSQL database.</summary>
public abstract class DatabaseProvider : IDisposable
{
    public abstract void Configure(DbContextOptionsBuilder options);

    /// <summary>Skips the running test when this database cannot run here (e.g. PostgreSQL not installed).</summary>
    public virtual void SkipIfUnavailable()
    {
    }

    /// <summary>Registers <see cref="TestDbContext"/> on this database and creates the schema.</summary>
    public IServiceCollection AddContext(IServiceCollection services)
    {
        services.AddDbContext<TestDbContext>(Configure);
        return services;
    }

    public void EnsureCreated()
    {
        var options = new DbContextOptionsBuilder<TestDbContext>();
        Configure(options);
        using var context = new TestDbContext(options.Options);
        context.Database.EnsureCreated();
    }

    public virtual void Dispose()
    {
    }
}

public sealed class SqliteProvider : DatabaseProvider
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hrplus-sqlite-");

    public string Path => System.IO.Path.Combine(_folder.FullName, "privacy.db");

    public override void Configure(DbContextOptionsBuilder options) => options.UseSqlite($"Data Source={Path};Pooling=False");

    public override void Dispose() => _folder.Delete(recursive: true);
}

public sealed class NpgsqlProvider(string connectionString) : DatabaseProvider
{
    public string ConnectionString { get; } = connectionString;

    public override void Configure(DbContextOptionsBuilder options) => options.UseNpgsql(ConnectionString);
}

/// <summary>Stands in for a database that is not installed: every test using it is skipped with the reason.</summary>
public sealed class UnavailableProvider(string reason) : DatabaseProvider
{
    public override void Configure(DbContextOptionsBuilder options) => throw new InvalidOperationException(reason);

    public override void SkipIfUnavailable() => Skip.If(true, reason);
}
