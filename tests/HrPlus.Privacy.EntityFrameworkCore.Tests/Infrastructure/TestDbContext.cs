using Microsoft.EntityFrameworkCore;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>A host app's context that includes the HrPlus.Privacy tables.</summary>
public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.UseHrPlusPrivacy();
}
