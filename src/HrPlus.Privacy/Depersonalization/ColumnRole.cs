namespace HrPlus.Privacy.Depersonalization;

/// <summary>What a column of a dataset is, for depersonalization.</summary>
public enum ColumnRole
{
    /// <summary>Names a person on its own (pupil id, full name, IIN, phone): dropped, or replaced by a keyed pseudonym.</summary>
    DirectIdentifier = 1,

    /// <summary>Identifies a person in combination with other columns (birth date, sex, school, class): generalized along a <see cref="Hierarchy"/>.</summary>
    QuasiIdentifier = 2,

    /// <summary>The value the report is about (an anxiety score): kept, and protected by l-diversity and t-closeness.</summary>
    Sensitive = 3,

    /// <summary>A value that identifies nobody and is not protected (a questionnaire version): kept as it is.</summary>
    Insensitive = 4,
}
