using Microsoft.EntityFrameworkCore;

namespace HrPlus.Privacy.Tool.Hosting;

/// <summary>
/// The tool's own context for a host loaded from a config file: the HrPlus.Privacy tables only (keys, policies,
/// consents, audit, blocks, erasures, logs). The app's own entities are unknown to it.
/// </summary>
internal sealed class ToolDbContext(DbContextOptions<ToolDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.UseHrPlusPrivacy();
}
