using Microsoft.Extensions.Compliance.Classification;

namespace HrPlus.Privacy.Classification;

/// <summary>Classifies a parameter, property or field as a BIN (<see cref="PersonalDataTaxonomy.Bin"/>).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true)]
public sealed class BinAttribute : DataClassificationAttribute
{
    /// <summary>Initializes a new instance.</summary>
    public BinAttribute()
        : base(PersonalDataTaxonomy.Bin)
    {
    }
}
