using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HrPlus.Privacy.EntityFrameworkCore.Consent;

/// <summary>Maps <see cref="PolicyVersionEntity"/> to <c>hrplus_policy_versions</c>.</summary>
public sealed class PolicyVersionEntityConfiguration : IEntityTypeConfiguration<PolicyVersionEntity>
{
    /// <inheritdoc/>
    public void Configure(EntityTypeBuilder<PolicyVersionEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("hrplus_policy_versions");
        builder.HasKey(p => p.Version);
        builder.Property(p => p.Version).ValueGeneratedNever();
        builder.Property(p => p.ChangeSummary).HasMaxLength(4000);
        builder.HasMany(p => p.Texts).WithOne().HasForeignKey(t => t.Version).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Maps <see cref="PolicyTextEntity"/> to <c>hrplus_policy_texts</c>.</summary>
public sealed class PolicyTextEntityConfiguration : IEntityTypeConfiguration<PolicyTextEntity>
{
    /// <inheritdoc/>
    public void Configure(EntityTypeBuilder<PolicyTextEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("hrplus_policy_texts");
        builder.HasKey(t => new { t.Version, t.Language });
        builder.Property(t => t.Language).HasMaxLength(2);
        builder.Property(t => t.ContentHash).HasMaxLength(64);
    }
}

/// <summary>Maps <see cref="ConsentEventEntity"/> to <c>hrplus_consent_events</c>.</summary>
public sealed class ConsentEventEntityConfiguration : IEntityTypeConfiguration<ConsentEventEntity>
{
    /// <inheritdoc/>
    public void Configure(EntityTypeBuilder<ConsentEventEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("hrplus_consent_events");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.HasIndex(e => e.EventId).IsUnique();
        builder.HasIndex(e => new { e.SubjectId, e.Purpose, e.Sequence });
        builder.HasIndex(e => new { e.Purpose, e.Sequence });
        builder.Property(e => e.SubjectId).HasMaxLength(128);
        builder.Property(e => e.Purpose).HasMaxLength(64);
        builder.Property(e => e.PolicyTextHash).HasMaxLength(64);
        builder.Property(e => e.Language).HasMaxLength(2);
        builder.Property(e => e.RepresentativeId).HasMaxLength(128);
        builder.Property(e => e.EvidenceIpAddress).HasMaxLength(64);
        builder.Property(e => e.EvidenceUserAgent).HasMaxLength(512);
        builder.Property(e => e.OperatorName).HasMaxLength(512);
        builder.Property(e => e.OperatorBin).HasMaxLength(12);
        builder.Property(e => e.DataCategories).HasMaxLength(4200);
        builder.Property(e => e.PreviousHash).HasMaxLength(64);
        builder.Property(e => e.Hash).HasMaxLength(64);
    }
}
