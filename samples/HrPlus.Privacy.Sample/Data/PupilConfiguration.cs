using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HrPlus.Privacy.Sample.Data;

/// <summary>
/// Maps <see cref="Pupil"/>: personal fields encrypted and bound to the pupil as a subject (their id), so a block on
/// the pupil stops their decryption and erasure can shred them; IIN and phone searchable.
/// </summary>
public sealed class PupilConfiguration : IEntityTypeConfiguration<Pupil>
{
    /// <summary>The school size the blind indexes are planned for.</summary>
    public const int ExpectedPupils = 2_000;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<Pupil> builder)
    {
        builder.ToTable("pupils");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();

        // Short indexes on purpose: every index value is shared by several pupils, so the indexes alone (even the two
        // together) identify no one; FindByEncryptedValueAsync removes the coincidences after decryption. The IIN
        // index takes the shortest safe length so that a second index on the same row is still safe.
        var iinBits = BlindIndexPlanner.Suggest(ExpectedPupils).Min;
        var phoneBits = BlindIndexPlanner.Suggest(ExpectedPupils, (iinBits, 30)).Max;

        builder.Property(p => p.FullName).HasMaxLength(200).IsEncrypted(EncryptionBinding.Subject, nameof(Pupil.Id));
        builder.Property(p => p.Iin).HasMaxLength(12).IsEncrypted(EncryptionBinding.Subject, nameof(Pupil.Id))
            .HasBlindIndex("IinIndex", BlindIndexNormalization.Iin, iinBits);
        builder.Property(p => p.ParentPhone).HasMaxLength(16).IsEncrypted(EncryptionBinding.Subject, nameof(Pupil.Id))
            .HasBlindIndex("ParentPhoneIndex", BlindIndexNormalization.Phone, phoneBits);
        builder.Property(p => p.ParentEmail).HasMaxLength(254).IsEncrypted(EncryptionBinding.Subject, nameof(Pupil.Id));
        builder.Property(p => p.RepresentativeName).HasMaxLength(200).IsEncrypted(EncryptionBinding.Subject, nameof(Pupil.Id));
        builder.Property(p => p.RepresentativeRelationship).HasConversion<int>();
        builder.Property(p => p.RepresentativeId).HasMaxLength(64);
    }
}
