using Microsoft.Extensions.Compliance.Classification;

namespace HrPlus.Privacy.Classification;

/// <summary>
/// The data classifications of the personal data the HR+ privacy policy names (clause 3.2): use them with
/// Microsoft.Extensions.Compliance redaction so logs never carry the raw values.
/// </summary>
public static class PersonalDataTaxonomy
{
    /// <summary>The taxonomy name shared by every classification here.</summary>
    public const string TaxonomyName = "HrPlus.Privacy";

    /// <summary>An individual identification number.</summary>
    public static DataClassification Iin => new(TaxonomyName, nameof(Iin));

    /// <summary>A business identification number.</summary>
    public static DataClassification Bin => new(TaxonomyName, nameof(Bin));

    /// <summary>A person's full name.</summary>
    public static DataClassification FullName => new(TaxonomyName, nameof(FullName));

    /// <summary>A phone number.</summary>
    public static DataClassification Phone => new(TaxonomyName, nameof(Phone));

    /// <summary>An e-mail address.</summary>
    public static DataClassification Email => new(TaxonomyName, nameof(Email));

    /// <summary>A client IP address.</summary>
    public static DataClassification IpAddress => new(TaxonomyName, nameof(IpAddress));

    /// <summary>A login (user name).</summary>
    public static DataClassification Login => new(TaxonomyName, nameof(Login));

    /// <summary>A date of birth.</summary>
    public static DataClassification BirthDate => new(TaxonomyName, nameof(BirthDate));

    /// <summary>A psychological or pedagogical assessment result.</summary>
    public static DataClassification AssessmentResult => new(TaxonomyName, nameof(AssessmentResult));
}
