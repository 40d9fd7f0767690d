using HrPlus.Privacy.EntityFrameworkCore.Encryption;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds the HrPlus.Privacy tables to a model.</summary>
public static class PrivacyModelBuilderExtensions
{
    /// <summary>
    /// Adds the entities of HrPlus.Privacy (field keys, and the consent and policy tables as they are added) to
    /// the model of your <see cref="DbContext"/>. Call it from <c>OnModelCreating</c>.
    /// </summary>
    public static ModelBuilder UseHrPlusPrivacy(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfiguration(new FieldKeyEntityConfiguration());
        return modelBuilder;
    }
}
