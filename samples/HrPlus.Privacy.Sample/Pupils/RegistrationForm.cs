using HrPlus.Privacy.Consent;
using Microsoft.AspNetCore.Http;

namespace HrPlus.Privacy.Sample.Pupils;

/// <summary>The fields of the registration form, as typed.</summary>
public sealed record RegistrationForm
{
    /// <summary>Gets the pupil's full name.</summary>
    public string FullName { get; init; } = "";

    /// <summary>Gets the IIN as typed (spaces allowed).</summary>
    public string Iin { get; init; } = "";

    /// <summary>Gets the parent's phone as typed.</summary>
    public string ParentPhone { get; init; } = "";

    /// <summary>Gets the parent's e-mail.</summary>
    public string ParentEmail { get; init; } = "";

    /// <summary>Gets the legal representative's full name (required for a minor).</summary>
    public string RepresentativeName { get; init; } = "";

    /// <summary>Gets the relationship code: parent, adoptiveParent, guardian, trustee, or empty.</summary>
    public string Relationship { get; init; } = "";

    /// <summary>Gets whether a minor from 14 also agreed beside the representative.</summary>
    public bool MinorAlsoAgreed { get; init; }

    /// <summary>Gets whether the policy was accepted.</summary>
    public bool AcceptsPolicy { get; init; }

    /// <summary>Reads the form of a POST (the form must have been read already).</summary>
    public static RegistrationForm From(IFormCollection form) => new()
    {
        FullName = form["fullName"].ToString().Trim(),
        Iin = form["iin"].ToString().Trim(),
        ParentPhone = form["parentPhone"].ToString().Trim(),
        ParentEmail = form["parentEmail"].ToString().Trim(),
        RepresentativeName = form["representativeName"].ToString().Trim(),
        Relationship = form["relationship"].ToString().Trim(),
        MinorAlsoAgreed = form["minorAgrees"] == "on",
        AcceptsPolicy = form["acceptPolicy"] == "on",
    };

    /// <summary>Gets the relationship as the SDK's enum, or None when empty or unknown.</summary>
    public RepresentativeRelationship ParsedRelationship =>
        Enum.TryParse<RepresentativeRelationship>(Relationship, ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind : RepresentativeRelationship.None;
}
