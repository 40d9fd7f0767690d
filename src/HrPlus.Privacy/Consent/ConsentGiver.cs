namespace HrPlus.Privacy.Consent;

/// <summary>Who gives or withdraws consent: the subject, or a legal representative with their relationship.</summary>
public sealed class ConsentGiver
{
    private ConsentGiver(ConsentGiverKind kind, string? representativeId, RepresentativeRelationship relationship)
    {
        Kind = kind;
        RepresentativeId = representativeId;
        Relationship = relationship;
    }

    /// <summary>Gets the subject acting for themself.</summary>
    public static ConsentGiver Subject { get; } = new(ConsentGiverKind.Subject, null, RepresentativeRelationship.None);

    /// <summary>Gets whether the subject or a representative acted.</summary>
    public ConsentGiverKind Kind { get; }

    /// <summary>Gets the representative's opaque id in the host app (never a raw IIN), or null for the subject.</summary>
    public string? RepresentativeId { get; }

    /// <summary>Gets the representative's relationship to the subject.</summary>
    public RepresentativeRelationship Relationship { get; }

    /// <summary>A legal representative acting for the subject.</summary>
    /// <param name="representativeId">The representative's opaque id in the host app: 1 to 128 characters, not an IIN.</param>
    /// <param name="relationship">How they are related to the subject.</param>
    /// <exception cref="ArgumentException">An invalid id (or one that is an IIN), or <see cref="RepresentativeRelationship.None"/>.</exception>
    public static ConsentGiver Representative(string representativeId, RepresentativeRelationship relationship)
    {
        SubjectIds.Validate(representativeId, nameof(representativeId));
        if (relationship == RepresentativeRelationship.None || !Enum.IsDefined(relationship))
        {
            throw new ArgumentOutOfRangeException(nameof(relationship), "A representative has a relationship to the subject.");
        }

        return new ConsentGiver(ConsentGiverKind.Representative, representativeId, relationship);
    }
}
