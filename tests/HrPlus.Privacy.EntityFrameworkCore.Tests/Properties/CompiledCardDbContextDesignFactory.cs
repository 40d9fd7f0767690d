using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

/// <summary>
/// The context <c>dotnet ef dbcontext optimize</c> builds the compiled model of <see cref="CompiledCardDbContext"/> from, with
/// <c>UseHrPlusPrivacy(serviceProvider)</c> as the app's is (its conventions must run for the model to be compiled).
/// No database is opened. The commands are in docs/ef-core.md.
/// </summary>
public sealed class CompiledCardDbContextDesignFactory : IDesignTimeDbContextFactory<CompiledCardDbContext>
{
    public CompiledCardDbContext CreateDbContext(string[] args)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy();
        var provider = services.BuildServiceProvider();
        var options = new DbContextOptionsBuilder<CompiledCardDbContext>();
        options.UseHrPlusPrivacy(provider);
        options.UseSqlite("Data Source=:memory:");
        return new CompiledCardDbContext(options.Options);
    }
}

/// <summary>The design-time context of <see cref="PostgresCompiledCardDbContext"/> (no server is contacted).</summary>
public sealed class PostgresCompiledCardDbContextDesignFactory : IDesignTimeDbContextFactory<PostgresCompiledCardDbContext>
{
    public PostgresCompiledCardDbContext CreateDbContext(string[] args)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy();
        var provider = services.BuildServiceProvider();
        var options = new DbContextOptionsBuilder<PostgresCompiledCardDbContext>();
        options.UseHrPlusPrivacy(provider);
        options.UseNpgsql("Host=localhost");
        return new PostgresCompiledCardDbContext(options.Options);
    }
}
