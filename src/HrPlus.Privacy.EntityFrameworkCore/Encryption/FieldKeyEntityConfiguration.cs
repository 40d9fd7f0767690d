using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HrPlus.Privacy.EntityFrameworkCore.Encryption;

/// <summary>Maps <see cref="FieldKeyEntity"/> to the table <c>hrplus_field_keys</c>.</summary>
public sealed class FieldKeyEntityConfiguration : IEntityTypeConfiguration<FieldKeyEntity>
{
    /// <inheritdoc/>
    public void Configure(EntityTypeBuilder<FieldKeyEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("hrplus_field_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.WrappedKey).HasMaxLength(4096);
        builder.Property(k => k.SubjectId).HasMaxLength(128);
        builder.HasIndex(k => new { k.Purpose, k.State });
        builder.HasIndex(k => k.SubjectId);
        builder.Property(k => k.LiveSubjectId).HasMaxLength(128);
        builder.HasIndex(k => k.LiveSubjectId).IsUnique();
    }
}
