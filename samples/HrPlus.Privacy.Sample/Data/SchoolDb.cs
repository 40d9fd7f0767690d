using Microsoft.EntityFrameworkCore;

namespace HrPlus.Privacy.Sample.Data;

/// <summary>The school's database: its own pupils plus the HrPlus.Privacy tables (keys, policies, consents, logs).</summary>
public sealed class SchoolDb(DbContextOptions<SchoolDb> options) : DbContext(options)
{
    /// <summary>Gets the pupils.</summary>
    public DbSet<Pupil> Pupils => Set<Pupil>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseHrPlusPrivacy();
        modelBuilder.ApplyConfiguration(new PupilConfiguration());
    }
}
