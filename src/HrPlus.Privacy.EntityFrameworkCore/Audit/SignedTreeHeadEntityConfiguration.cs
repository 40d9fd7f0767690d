using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HrPlus.Privacy.EntityFrameworkCore.Audit;

/// <summary>Maps <see cref="SignedTreeHeadEntity"/> to <c>hrplus_signed_tree_heads</c>.</summary>
public sealed class SignedTreeHeadEntityConfiguration : IEntityTypeConfiguration<SignedTreeHeadEntity>
{
    /// <inheritdoc/>
    public void Configure(EntityTypeBuilder<SignedTreeHeadEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("hrplus_signed_tree_heads");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.HasIndex(e => new { e.Log, e.Id });
        builder.Property(e => e.Line).HasMaxLength(400);
    }
}
