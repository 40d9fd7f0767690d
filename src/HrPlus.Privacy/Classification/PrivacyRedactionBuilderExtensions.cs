using HrPlus.Privacy.Classification;

namespace Microsoft.Extensions.Compliance.Redaction;

/// <summary>Wires redactors for the <see cref="PersonalDataTaxonomy"/> classifications.</summary>
public static class PrivacyRedactionBuilderExtensions
{
    /// <summary>
    /// Sets the redactors of HrPlus.Privacy for every classification of <see cref="PersonalDataTaxonomy"/>:
    /// IIN, IP address and login become keyed pseudonyms (domain <c>log</c>, correlatable, not reversible);
    /// phone, e-mail and full name are masked (<c>+7 701 *** ** 67</c>, <c>a***@mail.kz</c>, <c>Әлихан Б.</c>);
    /// BIN, birth date and assessment results are erased.
    /// </summary>
    /// <remarks>
    /// Use it inside <c>services.AddRedaction(r =&gt; r.SetHrPlusPrivacyRedactors())</c> and turn redaction on for
    /// logging with <c>services.AddLogging(b =&gt; b.EnableRedaction())</c>; pseudonyms need <c>AddHrPlusPrivacy()</c>.
    /// <para>
    /// The logger's <c>LoggerRedactionOptions.ApplyDiscriminator</c> (on by default) appends <c>":" + tag name</c> to
    /// every value before redaction. Masks see through it; pseudonyms then differ per parameter name (one IIN logged as
    /// <c>iin</c> and as <c>pupilIin</c> gives two pseudonyms). Turn it off with
    /// <c>EnableRedaction(o =&gt; o.ApplyDiscriminator = false)</c> when log lines about one person should be
    /// correlatable across parameter names.
    /// </para>
    /// </remarks>
    public static IRedactionBuilder SetHrPlusPrivacyRedactors(this IRedactionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .SetRedactor<PseudonymizingRedactor>(PersonalDataTaxonomy.Iin, PersonalDataTaxonomy.IpAddress, PersonalDataTaxonomy.Login)
            .SetRedactor<PhoneMaskRedactor>(PersonalDataTaxonomy.Phone)
            .SetRedactor<EmailMaskRedactor>(PersonalDataTaxonomy.Email)
            .SetRedactor<FullNameMaskRedactor>(PersonalDataTaxonomy.FullName)
            .SetRedactor<ErasingRedactor>(PersonalDataTaxonomy.Bin, PersonalDataTaxonomy.BirthDate, PersonalDataTaxonomy.AssessmentResult);
    }
}
