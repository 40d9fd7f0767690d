using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HrPlus.Privacy.EntityFrameworkCore.Disclosures;

/// <summary>Maps <see cref="DisclosureEntity"/> to <c>hrplus_disclosures</c>.</summary>
public sealed class DisclosureEntityConfiguration : IEntityTypeConfiguration<DisclosureEntity>
{
    /// <inheritdoc/>
    public void Configure(EntityTypeBuilder<DisclosureEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("hrplus_disclosures");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasIndex(d => d.DisclosedAtMicroseconds);
        builder.Property(d => d.Recipient).HasMaxLength(256);
        builder.Property(d => d.LegalBasis).HasMaxLength(512);
        builder.Property(d => d.DataCategories).HasMaxLength(4200);
        builder.Property(d => d.AuthorizedBy).HasMaxLength(128);
        builder.HasMany(d => d.Subjects).WithOne().HasForeignKey(s => s.DisclosureId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Maps <see cref="DisclosureSubjectEntity"/> to <c>hrplus_disclosure_subjects</c>.</summary>
public sealed class DisclosureSubjectEntityConfiguration : IEntityTypeConfiguration<DisclosureSubjectEntity>
{
    /// <inheritdoc/>
    public void Configure(EntityTypeBuilder<DisclosureSubjectEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("hrplus_disclosure_subjects");
        builder.HasKey(s => new { s.DisclosureId, s.SubjectId });
        builder.Property(s => s.SubjectId).HasMaxLength(128);
        builder.HasIndex(s => s.SubjectId);
    }
}
