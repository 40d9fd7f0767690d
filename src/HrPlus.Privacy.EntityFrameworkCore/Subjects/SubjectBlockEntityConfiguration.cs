using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HrPlus.Privacy.EntityFrameworkCore.Subjects;

/// <summary>Maps <see cref="SubjectBlockEntity"/> to <c>hrplus_subject_blocks</c>.</summary>
public sealed class SubjectBlockEntityConfiguration : IEntityTypeConfiguration<SubjectBlockEntity>
{
    /// <inheritdoc/>
    public void Configure(EntityTypeBuilder<SubjectBlockEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("hrplus_subject_blocks");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.SubjectId).HasMaxLength(128);
        builder.Property(b => b.Reason).HasMaxLength(1000);
        builder.Property(b => b.BlockedBy).HasMaxLength(128);
        builder.Property(b => b.UnblockedBy).HasMaxLength(128);
        builder.HasIndex(b => b.SubjectId);
        builder.HasIndex(b => b.IsActive);
    }
}
