using Microsoft.Extensions.Compliance.Classification;

namespace HrPlus.Privacy.Classification;

/// <summary>Classifies a parameter, property or field as a login (<see cref="PersonalDataTaxonomy.Login"/>).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true)]
public sealed class LoginAttribute : DataClassificationAttribute
{
    /// <summary>Initializes a new instance.</summary>
    public LoginAttribute()
        : base(PersonalDataTaxonomy.Login)
    {
    }
}
