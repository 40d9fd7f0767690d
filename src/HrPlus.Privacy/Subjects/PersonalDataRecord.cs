namespace HrPlus.Privacy.Subjects;

/// <summary>One record a <see cref="IPersonalDataSource"/> holds about a subject, as it appears in the subject's export.</summary>
/// <param name="Type">What the record is, e.g. <c>pupil</c> or <c>assessment</c>.</param>
/// <param name="Id">The host's id of the record, or null.</param>
/// <param name="Fields">The record's fields by name, in plain text (null for an empty field); written in this order.</param>
public sealed record PersonalDataRecord(string Type, string? Id, IReadOnlyList<KeyValuePair<string, string?>> Fields);
