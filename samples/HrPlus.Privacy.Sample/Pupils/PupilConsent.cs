using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Identifiers;
using HrPlus.Privacy.Sample.Data;

namespace HrPlus.Privacy.Sample.Pupils;

/// <summary>
/// Builds the consent a pupil's registration rests on: given by the pupil, or by the recorded legal representative while
/// the pupil is a minor (with the pupil's own agreement from 14 when it was given).
/// </summary>
public static class PupilConsent
{
    /// <summary>Builds the request for <paramref name="pupil"/> under policy <paramref name="version"/> shown in <paramref name="language"/>.</summary>
    public static ConsentRequest For(Pupil pupil, int version, string language, DateOnly today, ConsentChannel channel, bool minorAlsoAgreed, HttpContext? http = null)
    {
        var iin = Iin.Parse(pupil.Iin);
        var minor = iin.IsMinorOn(today);
        return new ConsentRequest
        {
            SubjectId = pupil.Id.ToString(),
            Purpose = PupilRegistrar.Purpose,
            PolicyVersion = version,
            Language = language,
            SubjectBirthDate = iin.BirthDate,
            GivenBy = minor && pupil.RepresentativeId is { } representative
                ? ConsentGiver.Representative(representative, pupil.RepresentativeRelationship)
                : ConsentGiver.Subject,
            MinorAlsoAgreed = minor && minorAlsoAgreed && iin.AgeOn(today) >= 14,
            Channel = channel,
            IpAddress = http?.Connection.RemoteIpAddress,
            UserAgent = http?.Request.Headers.UserAgent.ToString(),
            DataCategories = PupilRegistrar.DataCategories,
        };
    }
}
