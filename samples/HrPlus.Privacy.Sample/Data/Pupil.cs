using HrPlus.Privacy.Consent;

namespace HrPlus.Privacy.Sample.Data;

/// <summary>
/// A pupil of the school. In memory every property holds plaintext; the encrypted ones (see
/// <see cref="PupilConfiguration"/>) only ever reach the database as <c>hp1.</c> ciphertext.
/// </summary>
public sealed class Pupil
{
    /// <summary>Gets or sets the id, assigned in code so that ciphertexts can be bound to the row.</summary>
    public Guid Id { get; set; }

    /// <summary>Gets or sets the full name (encrypted).</summary>
    public string FullName { get; set; } = "";

    /// <summary>Gets or sets the IIN, 12 digits (encrypted, searchable through a blind index).</summary>
    public string Iin { get; set; } = "";

    /// <summary>Gets or sets the parent's phone in E.164 form (encrypted, searchable through a blind index).</summary>
    public string ParentPhone { get; set; } = "";

    /// <summary>Gets or sets the parent's e-mail (encrypted).</summary>
    public string ParentEmail { get; set; } = "";

    /// <summary>Gets or sets the legal representative's name for a minor (encrypted), or null.</summary>
    public string? RepresentativeName { get; set; }

    /// <summary>Gets or sets the legal representative's relationship, or None for an adult.</summary>
    public RepresentativeRelationship RepresentativeRelationship { get; set; }

    /// <summary>Gets or sets the opaque id of the representative recorded in the consent ledger, or null.</summary>
    public string? RepresentativeId { get; set; }

    /// <summary>Gets or sets when the pupil was registered.</summary>
    public DateTimeOffset RegisteredAt { get; set; }
}
