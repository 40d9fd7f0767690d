using Microsoft.Extensions.Compliance.Classification;

namespace HrPlus.Privacy.Classification;

/// <summary>Classifies a parameter, property or field as a phone number (<see cref="PersonalDataTaxonomy.Phone"/>).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true)]
public sealed class PhoneAttribute : DataClassificationAttribute
{
    /// <summary>Initializes a new instance.</summary>
    public PhoneAttribute()
        : base(PersonalDataTaxonomy.Phone)
    {
    }
}
