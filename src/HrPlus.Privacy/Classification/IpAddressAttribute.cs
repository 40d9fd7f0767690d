using Microsoft.Extensions.Compliance.Classification;

namespace HrPlus.Privacy.Classification;

/// <summary>Classifies a parameter, property or field as a client IP address (<see cref="PersonalDataTaxonomy.IpAddress"/>).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true)]
public sealed class IpAddressAttribute : DataClassificationAttribute
{
    /// <summary>Initializes a new instance.</summary>
    public IpAddressAttribute()
        : base(PersonalDataTaxonomy.IpAddress)
    {
    }
}
