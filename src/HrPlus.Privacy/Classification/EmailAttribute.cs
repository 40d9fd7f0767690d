using Microsoft.Extensions.Compliance.Classification;

namespace HrPlus.Privacy.Classification;

/// <summary>Classifies a parameter, property or field as an e-mail address (<see cref="PersonalDataTaxonomy.Email"/>).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true)]
public sealed class EmailAttribute : DataClassificationAttribute
{
    /// <summary>Initializes a new instance.</summary>
    public EmailAttribute()
        : base(PersonalDataTaxonomy.Email)
    {
    }
}
