using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HrPlus.Privacy.EntityFrameworkCore.Subjects;

/// <summary>Maps <see cref="ErasureEntity"/> to <c>hrplus_erasures</c>.</summary>
public sealed class ErasureEntityConfiguration : IEntityTypeConfiguration<ErasureEntity>
{
    /// <inheritdoc/>
    public void Configure(EntityTypeBuilder<ErasureEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("hrplus_erasures");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.SubjectId).HasMaxLength(128);
        builder.Property(e => e.ErasedBy).HasMaxLength(128);
        builder.Property(e => e.Reason).HasMaxLength(256);
        builder.Property(e => e.RecordsDeleted).HasMaxLength(4000);
        builder.HasIndex(e => e.SubjectId);
        builder.HasIndex(e => e.IsComplete);
    }
}
