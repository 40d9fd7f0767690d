using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Identifiers;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Sample.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace HrPlus.Privacy.Sample.Pupils;

/// <summary>
/// Registers a pupil: validates the form (IIN with <see cref="Iin.TryParse(string?, out Iin)"/>, a representative for a
/// minor), stores the encrypted record and records the consent in the ledger, by the pupil or by the representative.
/// </summary>
public sealed class PupilRegistrar(SchoolDb db, IConsentService consents, IPolicyRegistry policies, IAuditTrail audit, TimeProvider time)
{
    /// <summary>The purpose consented to at registration (policy clause 4.1).</summary>
    public const string Purpose = ConsentPurposes.AccountCreation;

    /// <summary>Kazakhstan's single time zone since 1 March 2024.</summary>
    public static readonly TimeSpan LocalOffset = TimeSpan.FromHours(5);

    /// <summary>The data categories a registration consent covers.</summary>
    public static readonly IReadOnlyList<string> DataCategories = ["full-name", "iin", "phone", "e-mail"];

    /// <summary>Gets today's date in Kazakhstan.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(LocalOffset).DateTime);

    /// <summary>Validates and registers; on failure nothing is stored and the errors name UI strings per field.</summary>
    public async Task<RegistrationResult> RegisterAsync(RegistrationForm form, string language, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (form.FullName.Length is < 3 or > 200)
        {
            errors["fullName"] = "err.fullName";
        }

        if (!Iin.TryParse(form.Iin.Replace(" ", string.Empty, StringComparison.Ordinal), out var iin))
        {
            errors["iin"] = "err.iin";
        }

        var phone = ContactValidation.NormalizePhone(form.ParentPhone);
        if (phone is null)
        {
            errors["parentPhone"] = "err.phone";
        }

        if (!ContactValidation.IsEmail(form.ParentEmail))
        {
            errors["parentEmail"] = "err.email";
        }

        var minor = !iin.IsDefault && iin.IsMinorOn(Today(time));
        if (minor && (form.RepresentativeName.Length is < 3 or > 200 || form.ParsedRelationship == RepresentativeRelationship.None))
        {
            errors["representative"] = "err.representative";
        }

        if (!form.AcceptsPolicy)
        {
            errors["acceptPolicy"] = "err.acceptPolicy";
        }

        var policy = await policies.GetCurrentAsync(null, cancellationToken);
        if (policy is null)
        {
            errors["acceptPolicy"] = "err.noPolicy";
        }

        if (errors.Count == 0 && (await db.Pupils.FindByEncryptedValueAsync(p => p.Iin, iin.ToString(), cancellationToken)).Count > 0)
        {
            errors["iin"] = "err.duplicate";
        }

        if (errors.Count > 0)
        {
            return new RegistrationResult(null, errors);
        }

        var pupil = new Pupil
        {
            Id = Guid.NewGuid(),
            FullName = form.FullName,
            Iin = iin.ToString(),
            ParentPhone = phone!,
            ParentEmail = form.ParentEmail,
            RepresentativeName = minor ? form.RepresentativeName : null,
            RepresentativeRelationship = minor ? form.ParsedRelationship : RepresentativeRelationship.None,
            RepresentativeId = minor ? Guid.NewGuid().ToString("N") : null,
            RegisteredAt = time.GetUtcNow(),
        };
        db.Pupils.Add(pupil);
        await db.SaveChangesAsync(cancellationToken);

        try
        {
            await consents.GrantAsync(
                PupilConsent.For(pupil, policy!.Version, language, Today(time), ConsentChannel.WebForm, form.MinorAlsoAgreed, http),
                cancellationToken);
        }
        catch (ConsentRejectedException ex)
        {
            // Without a valid consent the record must not stay: remove it and say why on the form.
            db.Pupils.Remove(pupil);
            await db.SaveChangesAsync(cancellationToken);
            errors[ex.Reason is ConsentRejectionReason.RepresentativeRequired or ConsentRejectionReason.SubjectUnder14 ? "representative" : "acceptPolicy"] =
                ex.Reason is ConsentRejectionReason.RepresentativeRequired or ConsentRejectionReason.SubjectUnder14 ? "err.representative" : "err.consent";
            return new RegistrationResult(null, errors);
        }

        // The audit trail records the operation, never the values collected.
        await audit.AppendAsync(
            new AuditEvent { Operation = AuditOperation.Collect, Actor = "registration-form", SubjectId = pupil.Id.ToString(), Purpose = Purpose, Target = "Pupil" },
            cancellationToken);
        return new RegistrationResult(pupil.Id, errors);
    }
}
