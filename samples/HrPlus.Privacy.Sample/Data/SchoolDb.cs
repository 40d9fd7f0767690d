using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace HrPlus.Privacy.Sample.Data;

/// <summary>
/// The school's database: its own pupils plus the HrPlus.Privacy tables (keys, policies, consents, logs), and on
/// PostgreSQL DataProtection's keys, so every instance sharing the database shares one DataProtection key ring.
/// </summary>
public sealed class SchoolDb(DbContextOptions<SchoolDb> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>Gets the pupils.</summary>
    public DbSet<Pupil> Pupils => Set<Pupil>();

    /// <summary>Gets DataProtection's keys (used on PostgreSQL; on SQLite they stay in a folder and this table is empty).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseHrPlusPrivacy();
        modelBuilder.ApplyConfiguration(new PupilConfiguration());
    }
}
