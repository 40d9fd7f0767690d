using Microsoft.Extensions.Compliance.Classification;

namespace HrPlus.Privacy.Classification;

/// <summary>Classifies a parameter, property or field as a full name (<see cref="PersonalDataTaxonomy.FullName"/>).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true)]
public sealed class FullNameAttribute : DataClassificationAttribute
{
    /// <summary>Initializes a new instance.</summary>
    public FullNameAttribute()
        : base(PersonalDataTaxonomy.FullName)
    {
    }
}
