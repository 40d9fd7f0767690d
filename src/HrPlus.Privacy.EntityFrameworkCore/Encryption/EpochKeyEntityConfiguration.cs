using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HrPlus.Privacy.EntityFrameworkCore.Encryption;

/// <summary>Maps <see cref="FieldKeyEntity"/> to the table <c>hrplus_epoch_keys</c> of an epoch-key database.</summary>
internal sealed class EpochKeyEntityConfiguration : IEntityTypeConfiguration<FieldKeyEntity>
{
    public void Configure(EntityTypeBuilder<FieldKeyEntity> builder)
    {
        builder.ToTable(EpochKeyContext.TableName);
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.WrappedKey).HasMaxLength(4096);
        builder.Property(k => k.SubjectId).HasMaxLength(128);
        builder.Property(k => k.LiveSubjectId).HasMaxLength(128);
        builder.HasIndex(k => new { k.Purpose, k.State });
    }
}
