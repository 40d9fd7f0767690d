namespace HrPlus.Privacy.Audit;

/// <summary>Why an export file of a log (<see cref="LogExport"/>) was refused.</summary>
public enum LogExportError
{
    /// <summary>The first line is not an export header (<c>{"format": "hrplus-log-export/1", "log": …}</c>).</summary>
    NotAnExport = 1,

    /// <summary>The header names a format version this version cannot read.</summary>
    UnsupportedVersion = 2,

    /// <summary>The header names the other log than the one asked for, or a log that does not exist.</summary>
    WrongLog = 3,

    /// <summary>A line is longer than <see cref="LogExport.MaxLineBytes"/>.</summary>
    LineTooLong = 4,

    /// <summary>An entry line is not an entry of the log: bad JSON, a missing, unknown, null or ill-typed field, an undefined value.</summary>
    MalformedEntry = 5,

    /// <summary>The file ends without its end line (cut off).</summary>
    MissingEnd = 6,

    /// <summary>The end line's entry count is not the number of entries read.</summary>
    CountMismatch = 7,

    /// <summary>Something follows the end line.</summary>
    DataAfterEnd = 8,
}
