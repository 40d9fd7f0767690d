namespace HrPlus.Privacy.Sample.Pupils;

/// <summary>What a registration did: the new pupil's id, or the errors to show on the form (keys of UI strings by field).</summary>
public sealed record RegistrationResult(Guid? PupilId, IReadOnlyDictionary<string, string> Errors)
{
    /// <summary>Gets whether the pupil was registered.</summary>
    public bool Succeeded => PupilId is not null;
}
