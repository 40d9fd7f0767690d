using Microsoft.Extensions.Compliance.Classification;

namespace HrPlus.Privacy.Classification;

/// <summary>Classifies a parameter, property or field as an assessment result (<see cref="PersonalDataTaxonomy.AssessmentResult"/>).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true)]
public sealed class AssessmentResultAttribute : DataClassificationAttribute
{
    /// <summary>Initializes a new instance.</summary>
    public AssessmentResultAttribute()
        : base(PersonalDataTaxonomy.AssessmentResult)
    {
    }
}
