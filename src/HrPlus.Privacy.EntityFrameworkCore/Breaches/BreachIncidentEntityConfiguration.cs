using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HrPlus.Privacy.EntityFrameworkCore.Breaches;

/// <summary>Maps <see cref="BreachIncidentEntity"/> to <c>hrplus_breach_incidents</c>.</summary>
public sealed class BreachIncidentEntityConfiguration : IEntityTypeConfiguration<BreachIncidentEntity>
{
    /// <inheritdoc/>
    public void Configure(EntityTypeBuilder<BreachIncidentEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("hrplus_breach_incidents");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Description).HasMaxLength(4000);
        builder.Property(b => b.DataCategories).HasMaxLength(4200);
        builder.Property(b => b.ReportedBy).HasMaxLength(128);
        builder.Property(b => b.AuthorityReference).HasMaxLength(256);
        builder.Property(b => b.Version).IsConcurrencyToken();
        builder.HasIndex(b => b.AuthorityNotifiedAt);
    }
}
