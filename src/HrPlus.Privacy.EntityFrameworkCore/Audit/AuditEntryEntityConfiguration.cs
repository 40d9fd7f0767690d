using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HrPlus.Privacy.EntityFrameworkCore.Audit;

/// <summary>Maps <see cref="AuditEntryEntity"/> to <c>hrplus_audit_entries</c>.</summary>
public sealed class AuditEntryEntityConfiguration : IEntityTypeConfiguration<AuditEntryEntity>
{
    /// <inheritdoc/>
    public void Configure(EntityTypeBuilder<AuditEntryEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("hrplus_audit_entries");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.HasIndex(e => e.EntryId).IsUnique();
        builder.HasIndex(e => new { e.SubjectId, e.Sequence });
        builder.Property(e => e.Actor).HasMaxLength(128);
        builder.Property(e => e.SubjectId).HasMaxLength(128);
        builder.Property(e => e.Purpose).HasMaxLength(1000);
        builder.Property(e => e.Target).HasMaxLength(256);
        builder.Property(e => e.Detail).HasMaxLength(1000);
        builder.Property(e => e.PreviousHash).HasMaxLength(64);
        builder.Property(e => e.Hash).HasMaxLength(64);
    }
}
