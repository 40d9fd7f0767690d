using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HrPlus.Privacy.EntityFrameworkCore.AccessLog;

/// <summary>Maps <see cref="AccessRecordEntity"/> to <c>hrplus_access_records</c>.</summary>
public sealed class AccessRecordEntityConfiguration : IEntityTypeConfiguration<AccessRecordEntity>
{
    /// <inheritdoc/>
    public void Configure(EntityTypeBuilder<AccessRecordEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("hrplus_access_records");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedOnAdd();
        builder.HasIndex(r => r.TimestampMicroseconds);
        builder.HasIndex(r => r.SubjectPseudonym);
        builder.Property(r => r.ClientIp).HasMaxLength(64);
        builder.Property(r => r.NetworkPseudonym).HasMaxLength(64);
        builder.Property(r => r.Method).HasMaxLength(16);
        builder.Property(r => r.Path).HasMaxLength(4096);
        builder.Property(r => r.Referer).HasMaxLength(4096);
        builder.Property(r => r.UserAgent).HasMaxLength(4096);
        builder.Property(r => r.SubjectPseudonym).HasMaxLength(64);
        builder.Property(r => r.CookieConsent).HasMaxLength(64);
    }
}

/// <summary>Maps <see cref="IpDailyStatisticEntity"/> to <c>hrplus_ip_daily_statistics</c>.</summary>
public sealed class IpDailyStatisticEntityConfiguration : IEntityTypeConfiguration<IpDailyStatisticEntity>
{
    /// <inheritdoc/>
    public void Configure(EntityTypeBuilder<IpDailyStatisticEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("hrplus_ip_daily_statistics");
        builder.HasKey(s => new { s.Day, s.Network });
        builder.Property(s => s.Network).HasMaxLength(64);
    }
}
