using Microsoft.Extensions.Compliance.Classification;

namespace HrPlus.Privacy.Classification;

/// <summary>Classifies a parameter, property or field as an IIN (<see cref="PersonalDataTaxonomy.Iin"/>).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true)]
public sealed class IinAttribute : DataClassificationAttribute
{
    /// <summary>Initializes a new instance.</summary>
    public IinAttribute()
        : base(PersonalDataTaxonomy.Iin)
    {
    }
}
