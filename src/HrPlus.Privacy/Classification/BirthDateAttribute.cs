using Microsoft.Extensions.Compliance.Classification;

namespace HrPlus.Privacy.Classification;

/// <summary>Classifies a parameter, property or field as a date of birth (<see cref="PersonalDataTaxonomy.BirthDate"/>).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true)]
public sealed class BirthDateAttribute : DataClassificationAttribute
{
    /// <summary>Initializes a new instance.</summary>
    public BirthDateAttribute()
        : base(PersonalDataTaxonomy.BirthDate)
    {
    }
}
